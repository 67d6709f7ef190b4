package io.paymenthub.bancamiga;

/**
 * A Bancamiga answer that is not a success, by the codes its documentation lists. The code may come as
 * the HTTP status or in the body's {@code code} (the documentation does not say which): both are read.
 */
public final class BancamigaError extends RuntimeException {

    /** What went wrong, in our words. */
    public enum Kind {
        /** 511: the request body was not in the expected format. */
        FORMAT_ERROR(false),
        /** 512: the access token is expired or invalid (refresh). */
        TOKEN_EXPIRED_OR_INVALID(false),
        /** 503 with a Bancamiga body: token unauthorized or expired, or invalid credentials. */
        UNAUTHORIZED(false),
        /** 551: the Bank field was refused. */
        INVALID_BANK(false),
        /** 552: the Phone field was refused. */
        INVALID_PHONE(false),
        /** 553: the Date field was refused. */
        INVALID_DATE(false),
        /** The bank could not be reached, timed out, or answered a server error without a Bancamiga code. */
        UNAVAILABLE(true),
        /** An answer we cannot read (no JSON, unknown code). */
        UNEXPECTED(true);

        private final boolean transientFault;

        Kind(boolean transientFault) {
            this.transientFault = transientFault;
        }

        /** Whether trying again later may succeed without anyone changing anything. */
        public boolean isTransient() {
            return transientFault;
        }
    }

    private final Kind kind;
    private final int code;

    public BancamigaError(Kind kind, int code, String message) {
        super(message);
        this.kind = kind;
        this.code = code;
    }

    public Kind kind() {
        return kind;
    }

    /** The Bancamiga or HTTP code behind it (0 when there was no answer). */
    public int code() {
        return code;
    }

    /** Maps a documented Bancamiga code; null when the code is not one of them. */
    static Kind kindOf(int code) {
        return switch (code) {
            case 511 -> Kind.FORMAT_ERROR;
            case 512 -> Kind.TOKEN_EXPIRED_OR_INVALID;
            case 503 -> Kind.UNAUTHORIZED;
            case 551 -> Kind.INVALID_BANK;
            case 552 -> Kind.INVALID_PHONE;
            case 553 -> Kind.INVALID_DATE;
            default -> null;
        };
    }
}
