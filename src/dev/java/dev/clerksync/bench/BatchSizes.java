package dev.clerksync.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How many deliveries the server committed together, read off its one log line per delivery:
 * {@code Webhook svix-id=msg_… type=user.created object=user_… outcome=applied batch=7 ms=3}.
 * Only the lines of one round's svix-ids count, so start-up, warm-up and other rounds stay out.
 * A server that does not group commits prints no {@code batch=}; then the sizes are "not reported".
 *
 * @param lines the round's delivery lines found in the log
 * @param sizes the {@code batch=} values among them, sorted
 */
record BatchSizes(int lines, int[] sizes) {

    private static final Pattern DELIVERY_LINE = Pattern.compile("\\bWebhook svix-id=(\\S+)");
    private static final Pattern BATCH = Pattern.compile("\\bbatch=(\\d+)");
    // Histogram buckets: [low, high] batch sizes.
    private static final int[][] BUCKETS = {{1, 1}, {2, 3}, {4, 7}, {8, 15}, {16, 31}, {32, 64}};

    /** The log's size now: where the next round's lines will start. */
    static long logEnd(Path log) throws IOException {
        return Files.exists(log) ? Files.size(log) : 0;
    }

    /** Reads the log from {@code offset} on and keeps the lines of the given svix-ids. */
    static BatchSizes read(Path log, long offset, Set<String> svixIds) throws IOException {
        if (!Files.exists(log)) {
            return new BatchSizes(0, new int[0]);
        }
        String text;
        try (SeekableByteChannel channel = Files.newByteChannel(log);
             InputStream in = Channels.newInputStream(channel.position(offset))) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int lines = 0;
        List<Integer> sizes = new ArrayList<>();
        for (String line : text.split("\n")) {
            Matcher delivery = DELIVERY_LINE.matcher(line);
            if (!delivery.find() || !svixIds.contains(delivery.group(1))) {
                continue;
            }
            lines++;
            Matcher batch = BATCH.matcher(line);
            if (batch.find()) {
                sizes.add(Integer.parseInt(batch.group(1)));
            }
        }
        return new BatchSizes(lines, sizes.stream().mapToInt(Integer::intValue).sorted().toArray());
    }

    static BatchSizes merge(Collection<BatchSizes> rounds) {
        int lines = rounds.stream().mapToInt(BatchSizes::lines).sum();
        int[] sizes = rounds.stream().flatMapToInt(round -> Arrays.stream(round.sizes)).sorted().toArray();
        return new BatchSizes(lines, sizes);
    }

    boolean reported() {
        return sizes.length > 0;
    }

    /** One line: count, median, p90, max. */
    String summary() {
        if (!reported()) {
            return "batch sizes: not reported (" + lines + " delivery log lines, none with batch=)";
        }
        return String.format(Locale.ROOT, "batch sizes: %d of %d lines  median %d  p90 %d  max %d",
                sizes.length, lines, percentile(50), percentile(90), sizes[sizes.length - 1]);
    }

    /** Deliveries per bucket, e.g. {@code 1: 120  2-3: 300 …}; sizes above the last bucket are counted apart. */
    String histogram() {
        StringBuilder text = new StringBuilder("batch histogram:");
        for (int[] bucket : BUCKETS) {
            long count = Arrays.stream(sizes).filter(size -> size >= bucket[0] && size <= bucket[1]).count();
            String label = bucket[0] == bucket[1] ? Integer.toString(bucket[0]) : bucket[0] + "-" + bucket[1];
            text.append(String.format(Locale.ROOT, "  %s: %d", label, count));
        }
        int top = BUCKETS[BUCKETS.length - 1][1];
        long above = Arrays.stream(sizes).filter(size -> size > top).count();
        if (above > 0) {
            text.append(String.format(Locale.ROOT, "  >%d: %d", top, above));
        }
        return text.toString();
    }

    /** Nearest-rank percentile of the sorted sizes. */
    private int percentile(int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sizes.length);
        return sizes[Math.max(0, rank - 1)];
    }
}
