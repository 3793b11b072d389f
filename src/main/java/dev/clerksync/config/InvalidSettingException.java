package dev.clerksync.config;

/**
 * A required setting is missing or malformed. The message names the setting and never
 * carries its value, so it is safe to log.
 */
public final class InvalidSettingException extends RuntimeException {

    private final String setting;

    InvalidSettingException(String setting, String problem) {
        super("Setting " + setting + " " + problem);
        this.setting = setting;
    }

    public String setting() {
        return setting;
    }
}
