package io.paymenthub.support;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Secrets the suite configured or that simulators issued; {@link SecretsNotLogged} checks none was logged. */
public final class Secrets {

    private static final Set<String> REMEMBERED = ConcurrentHashMap.newKeySet();

    static {
        // what every runner test configures
        remember(RunnerTestSupport.WEBHOOK_TOKEN, RunnerTestSupport.DB_PASSWORD, RunnerTestSupport.OPS_PASSWORD,
                RunnerTestSupport.API_KEY, RunnerTestSupport.NEXT_API_KEY, Pago46TestSupport.PAGO46_SECRET);
    }

    private Secrets() {
    }

    public static void remember(String... secrets) {
        REMEMBERED.addAll(List.of(secrets));
    }

    public static Set<String> all() {
        return Set.copyOf(REMEMBERED);
    }
}
