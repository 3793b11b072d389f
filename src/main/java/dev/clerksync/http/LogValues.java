package dev.clerksync.http;

/**
 * Values from outside (svix-ids, event types, ids, messages that quote input) as they may enter a log
 * line: at most {@value #MAX_LENGTH} characters, and without control or invisible formatting characters,
 * so that no request can forge log lines, hide text or fill the log.
 */
public final class LogValues {

    static final int MAX_LENGTH = 100;
    private static final char REPLACEMENT = '?';

    private LogValues() {
    }

    public static String of(Object value) {
        String text = String.valueOf(value);
        int end = text.length() <= MAX_LENGTH ? text.length() : cut(text);
        StringBuilder safe = new StringBuilder(end + 1);
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            safe.append(isVisible(c) ? c : REPLACEMENT);
        }
        return end < text.length() ? safe.append('…').toString() : safe.toString();
    }

    /** Where to cut: never between the two halves of a surrogate pair. */
    private static int cut(String text) {
        return Character.isHighSurrogate(text.charAt(MAX_LENGTH - 1)) ? MAX_LENGTH - 1 : MAX_LENGTH;
    }

    // Control characters break lines; format characters (bidi overrides, zero-width) hide or reorder text.
    private static boolean isVisible(char c) {
        int type = Character.getType(c);
        return type != Character.CONTROL && type != Character.FORMAT && type != Character.LINE_SEPARATOR
                && type != Character.PARAGRAPH_SEPARATOR;
    }
}
