package io.paymenthub.settings;

/**
 * A setting the runner refuses to start with. Its message is the one line the operator reads: the key, the value
 * (never a secret's) and what is expected. {@code PaymentHub} logs it alone, without a stack trace, and exits with
 * {@link #EXIT_CODE}.
 */
public class InvalidSetting extends IllegalArgumentException {

    /** The process exit code of a refused setting (a supervisor should not restart: the file must change first). */
    public static final int EXIT_CODE = 2;

    /** A refusal worded in full by the caller (e.g. two settings that contradict each other). */
    public InvalidSetting(String line) {
        super(line);
    }

    /** {@code Invalid setting <key>=<value>: expected <expected>}; a secret's value is never shown. */
    public static InvalidSetting of(String key, String value, boolean secret, String expected) {
        String shown = secret ? " (a secret: its value is not shown)" : value.isEmpty() ? " (empty)" : "=" + value;
        return new InvalidSetting("Invalid setting " + key + shown + ": expected " + expected);
    }
}
