package io.paymenthub.support;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Secrets the suite configured or that simulators issued; SecretsNotLoggedTest checks none was logged. */
public final class Secrets {

    private static final Set<String> REMEMBERED = ConcurrentHashMap.newKeySet();

    private Secrets() {
    }

    public static void remember(String... secrets) {
        REMEMBERED.addAll(List.of(secrets));
    }

    public static Set<String> all() {
        return Set.copyOf(REMEMBERED);
    }
}
