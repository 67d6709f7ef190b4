package io.paymenthub.bancamiga;

import io.paymenthub.partner.PartnerError;

/**
 * The error codes Bancamiga documents (seed: bancamiga-pago-movil-api.txt), each with the kind of {@link PartnerError}
 * it is. The code may come as the HTTP status or in the body's {@code code} (the documentation does not say which):
 * {@link BancamigaApi} reads both.
 */
enum BancamigaCode {
    /** 511: the request body was not in the expected format. */
    FORMAT_ERROR(511, PartnerError.Kind.REFUSED),
    /** 512: the access token is expired or invalid (refresh). */
    TOKEN_EXPIRED_OR_INVALID(512, PartnerError.Kind.UNAUTHORIZED),
    /** 503 with a Bancamiga body: token unauthorized or expired, or invalid credentials. */
    UNAUTHORIZED(503, PartnerError.Kind.UNAUTHORIZED),
    /** 551: the Bank field was refused. */
    INVALID_BANK(551, PartnerError.Kind.REFUSED),
    /** 552: the Phone field was refused. */
    INVALID_PHONE(552, PartnerError.Kind.REFUSED),
    /** 553: the Date field was refused. */
    INVALID_DATE(553, PartnerError.Kind.REFUSED);

    final int code;
    final PartnerError.Kind kind;

    BancamigaCode(int code, PartnerError.Kind kind) {
        this.code = code;
        this.kind = kind;
    }

    /** The documented code, or null when the code is not one of them. */
    static BancamigaCode of(int code) {
        for (BancamigaCode c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        return null;
    }

    /** Bancamiga's error of any kind, named as operators read it in the log ({@code BancamigaError: …}). */
    static PartnerError error(PartnerError.Kind kind, int code, String message) {
        return new PartnerError("Bancamiga", kind, code, message);
    }
}
