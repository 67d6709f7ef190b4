package io.paymenthub.pago46;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.paymenthub.support.RunnerTestSupport;
import org.junit.jupiter.api.Test;

import static io.paymenthub.support.BancamigaSamples.nextReference;
import static io.paymenthub.support.BancamigaSamples.notification;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Without PAGO46 credentials the flow stays off, says why once, and queues nothing. */
class Pago46OffTest extends RunnerTestSupport {

    @Test
    void withoutCredentialsTheForwarderIsStoppedAndNoRowIsQueued() throws Exception {
        assertEquals(200, postWebhook(notification(nextReference())).statusCode());

        assertEquals(0, count("SELECT COUNT(*) FROM pago46_registration"));
        assertTrue(context.getRouteController().getRouteStatus("pago46-forward").isStopped());
        assertTrue(context.getRouteController().getRouteStatus("pago46-tick").isStopped());
        String log = Files.readString(Path.of("target", "test-logs", "tests.log"), StandardCharsets.UTF_8);
        assertTrue(log.contains("PAGO46 registration is off: pago46.provider-key, pago46.provider-secret,"
                + " pago46.bank-country-currency-id, pago46.document-id not set"), "one line says why");
    }
}
