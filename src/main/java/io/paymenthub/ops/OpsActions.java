package io.paymenthub.ops;

/**
 * A group of operator actions served under /ops/ on the management port. Bind an implementation in the registry;
 * {@link OpsEndpoints} registers every one it finds once Camel has started, behind HTTP Basic.
 */
public interface OpsActions {

    /** Adds this group's handlers, with paths relative to /ops/ (e.g. {@code review/:id/release}). */
    void register(OpsRoutes routes);

    /** Where a group adds its handlers. */
    interface OpsRoutes {

        void get(String path, Handler handler);

        void post(String path, Handler handler);
    }

    /** One action: reads the request, does the work (on a worker thread, may block), returns the JSON answer. */
    @FunctionalInterface
    interface Handler {
        OpsAnswer handle(OpsRequest request) throws Exception;
    }
}
