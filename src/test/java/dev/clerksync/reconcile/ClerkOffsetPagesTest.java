package dev.clerksync.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clerksync.clerk.ClerkClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Walking an offset-paged list of Clerk's, with a list in memory standing for Clerk's (the wire is in ClerkOrganizationListsTest). */
class ClerkOffsetPagesTest {

    private static final int PAGE = 3;

    private final List<String> clerk = new ArrayList<>(IntStream.range(0, 8).mapToObj(i -> "org_" + i).toList());
    private final List<Long> offsets = new ArrayList<>();
    private final List<Duration> slept = new ArrayList<>();
    private Runnable beforeEachFetch = () -> { };

    @Test
    void walksEveryObjectOnceStartingEachPageAtTheLastOneSeen() throws InterruptedException {
        ClerkOffsetPages<String> pages = pages();

        assertEquals(List.copyOf(clerk), walk(pages));
        assertEquals(List.of(0L, 2L, 4L, 6L), offsets);
        assertFalse(pages.shifted());
        assertEquals(8, pages.totalCount());
    }

    @Test
    void emptyListIsOnePage() throws InterruptedException {
        clerk.clear();
        ClerkOffsetPages<String> pages = pages();

        assertEquals(List.of(), walk(pages));
        assertEquals(List.of(0L), offsets);
        assertFalse(pages.shifted());
    }

    @Test
    void objectsCreatedDuringTheWalkComeAtItsEnd() throws InterruptedException {
        beforeEachFetch = () -> {
            if (offsets.size() == 2) {
                clerk.add("org_new");
            }
        };

        assertEquals(List.of("org_0", "org_1", "org_2", "org_3", "org_4", "org_5", "org_6", "org_7", "org_new"),
                walk(pages()));
    }

    @Test
    void deletionBeforeThePositionIsNoticedAsAShift() throws InterruptedException {
        beforeEachFetch = () -> {
            if (offsets.size() == 2) {
                clerk.remove("org_0");
            }
        };
        ClerkOffsetPages<String> pages = pages();

        List<String> seen = walk(pages);

        assertTrue(pages.shifted());
        // One deletion moves the list by one, which the page's overlap makes up for; two would skip one.
        assertEquals(IntStream.range(0, 8).mapToObj(i -> "org_" + i).toList(), seen);
    }

    @Test
    void deletionAfterThePositionIsNoShift() throws InterruptedException {
        beforeEachFetch = () -> {
            if (offsets.size() == 2) {
                clerk.remove("org_7");
            }
        };
        ClerkOffsetPages<String> pages = pages();

        assertEquals(List.of("org_0", "org_1", "org_2", "org_3", "org_4", "org_5", "org_6"), walk(pages));
        assertFalse(pages.shifted());
    }

    @Test
    void lastSeenObjectDeletedIsAShift() throws InterruptedException {
        beforeEachFetch = () -> {
            if (offsets.size() == 1) {
                clerk.remove("org_2");
            }
        };
        ClerkOffsetPages<String> pages = pages();

        walk(pages);

        assertTrue(pages.shifted());
    }

    @Test
    void pagesOfOneCannotOverlapAndAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new ClerkOffsetPages<String>("organization", this::page, Function.identity(), 1, slept::add));
    }

    private ClerkOffsetPages<String> pages() {
        return new ClerkOffsetPages<>("organization", this::page, Function.identity(), PAGE, slept::add);
    }

    private ClerkClient.Page<String> page(long offset, int limit) {
        beforeEachFetch.run();
        offsets.add(offset);
        int from = (int) Math.min(offset, clerk.size());
        return new ClerkClient.Page<>(List.copyOf(clerk.subList(from, Math.min(clerk.size(), from + limit))),
                clerk.size());
    }

    private static List<String> walk(ClerkOffsetPages<String> pages) throws InterruptedException {
        List<String> seen = new ArrayList<>();
        for (List<String> page = pages.next(); !page.isEmpty(); page = pages.next()) {
            seen.addAll(page);
        }
        return seen;
    }
}
