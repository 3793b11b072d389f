package dev.clerksync.persistence;

/** Text as PostgreSQL can store it: a {@code text} column refuses the NUL character. */
public final class StorableText {

    private StorableText() {
    }

    /** {@code text} without NUL characters, dropped rather than failing a write a retry would fail alike. */
    public static String of(String text) {
        return text == null || text.indexOf('\u0000') < 0 ? text : text.replace("\u0000", "");
    }
}
