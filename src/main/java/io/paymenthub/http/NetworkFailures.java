package io.paymenthub.http;

import java.net.ConnectException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;

/**
 * A partner call's network failure in words for the caller: never an exception class, a host or a port (those stay
 * in the operator's log line). Shared by the HTTP error responder and the Luka client.
 */
public final class NetworkFailures {

    private NetworkFailures() {
    }

    /** The words for this one throwable (not its causes), or null when it is not a recognised network failure. */
    public static String inWords(Throwable t) {
        if (t instanceof ConnectException) {
            return "its host refused the connection";
        }
        if (t instanceof UnknownHostException) {
            return "its host name could not be resolved";
        }
        if (t instanceof SSLException) {
            return "the secure connection to it failed";
        }
        return null;
    }
}
