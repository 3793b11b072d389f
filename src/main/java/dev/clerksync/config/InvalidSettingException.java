package dev.clerksync.config;

/**
 * A required setting is missing or malformed. The message names the setting and never
 * carries its value, so it is safe to log.
 */
public final class InvalidSettingException extends RuntimeException {

    private final String setting;

    /** For a setting whose value only another component can judge, such as a PEM key. */
    public static InvalidSettingException malformed(String setting, String why) {
        return new InvalidSettingException(setting, "is malformed: " + why);
    }

    InvalidSettingException(String setting, String problem) {
        super("Setting " + setting + " " + problem);
        this.setting = setting;
    }

    public String setting() {
        return setting;
    }
}
