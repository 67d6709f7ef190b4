package io.paymenthub.store;

import java.sql.SQLException;

/**
 * The store cannot be reached at start (server down, wrong host or port, refused login, an H2 path that cannot be
 * created). The runner then stops with one line naming the URL (without its password) and the cause, and exit
 * code {@link #EXIT_CODE}: a supervisor restarts it, and it starts once the store answers. While running, an
 * outage is not this: requests get 503 and health says DOWN until the store returns.
 */
public final class StoreUnreachable extends RuntimeException {

    /** The process exit code: distinct from a refused setting's 2, as this one can go away by itself. */
    public static final int EXIT_CODE = 3;

    StoreUnreachable(String url, SQLException cause) {
        this(url, cause(cause), cause);
    }

    StoreUnreachable(String url, String cause, Exception e) {
        super("The store at " + url + " cannot be reached at start: " + cause
                + ". The runner stops (exit code " + EXIT_CODE + "); start it again (a supervisor does) once the database answers.", e);
    }

    /** The innermost cause, named: "ConnectException: Connection refused"... never a stack trace. */
    private static String cause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : ": " + root.getMessage().replaceAll("\\s+", " ").trim();
        return root.getClass().getSimpleName() + message;
    }
}
