package io.paymenthub.core;

import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import io.paymenthub.partner.PartnerError;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.RuntimeCamelException;

/**
 * Names a failure for the one log line an operator reads: the kind (the exception's simple class name)
 * and its message, from the exception that actually happened rather than the wrapper Camel put around
 * it ("Exception occurred during execution on the exchange" says nothing).
 */
public final class Failures {

    private Failures() {
    }

    /** The failure that happened, its wrappers taken off; null stays null. */
    public static Throwable rootOf(Throwable failure) {
        Throwable t = failure;
        while (t != null && t.getCause() != null && t.getCause() != t && isWrapper(t)) {
            t = t.getCause();
        }
        return t;
    }

    /**
     * "Kind: message" of the failure that happened, e.g. {@code OutOfMemoryError: Java heap space}; a partner's error is
     * named after its partner ({@code BancamigaError: Bancamiga answered HTTP 500}).
     */
    public static String describe(Throwable failure) {
        Throwable t = rootOf(failure);
        if (t == null) {
            return "unknown error";
        }
        String kind = kindOf(t);
        String message = t.getMessage();
        return message == null || message.isBlank() ? kind : kind + ": " + message;
    }

    /** The name of a failure's kind: its simple class name, or for a partner's error the partner's ({@code LukaError}). */
    public static String kindOf(Throwable t) {
        return t instanceof PartnerError p ? p.label() : t.getClass().getSimpleName();
    }

    /** True for an {@link Error} (out of memory, a class missing): the process is in trouble, not a partner. */
    public static boolean isFatal(Throwable failure) {
        return rootOf(failure) instanceof Error;
    }

    private static boolean isWrapper(Throwable t) {
        return t instanceof CamelExecutionException || t.getClass() == RuntimeCamelException.class
                || t instanceof ExecutionException || t instanceof CompletionException
                || t instanceof InvocationTargetException;
    }
}
