package io.paymenthub.support;

import java.util.concurrent.atomic.AtomicLong;

/** Bancamiga webhook bodies shaped like the seed's example, each with a Refpk of its own. */
public final class BancamigaSamples {

    private static final AtomicLong REFERENCES = new AtomicLong(System.nanoTime() % 1_000_000_000L);

    private BancamigaSamples() {
    }

    /** A fresh 12-digit NroReferencia, so every Refpk is new on a reused database too. */
    public static String nextReference() {
        return String.format("%012d", REFERENCES.incrementAndGet() % 1_000_000_000_000L);
    }

    public static String refpk(String reference) {
        return "20250508" + "0172" + "584240000000" + reference;
    }

    public static String notification(String reference, String amount) {
        return """
                {"BancoOrig":"0172","FechaMovimiento":"2025-05-08","HoraMovimiento":"16:02:49",\
                "NroReferencia":"%s","PhoneOrig":"584240000000","PhoneDest":"584140000001",\
                "Status":"000","Descripcion":"pago","Amount":"%s","Refpk":"%s"}""".formatted(reference, amount, refpk(reference));
    }

    public static String notification(String reference) {
        return notification(reference, "5.64");
    }
}
