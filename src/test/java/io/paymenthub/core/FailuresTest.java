package io.paymenthub.core;

import java.sql.SQLException;

import org.apache.camel.CamelExecutionException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one line an operator reads names what happened, not the wrapper Camel put around it. */
class FailuresTest {

    @Test
    void anOutOfMemoryErrorWrappedByCamelIsNamedByItsKindAndMessageAndIsFatal() {
        Throwable wrapped = new CamelExecutionException("Exception occurred during execution on the exchange",
                new DefaultExchange(new DefaultCamelContext()), new OutOfMemoryError("Java heap space"));

        assertEquals("OutOfMemoryError: Java heap space", Failures.describe(wrapped));
        assertTrue(Failures.isFatal(wrapped));
    }

    @Test
    void aPlainFailureIsItsKindAndMessageAndNotFatal() {
        SQLException down = new SQLException("Connection is not available, request timed out after 5000ms");

        assertEquals("SQLException: Connection is not available, request timed out after 5000ms", Failures.describe(down));
        assertFalse(Failures.isFatal(down));
        assertEquals("unknown error", Failures.describe(null));
        assertEquals("NullPointerException", Failures.describe(new NullPointerException()));
    }
}
