package io.paymenthub.pago46;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.paymenthub.sandbox.Pago46Simulator;
import io.paymenthub.support.Pago46TestSupport;
import io.paymenthub.support.TopicReader.Event;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static io.paymenthub.support.BancamigaSamples.nextReference;
import static io.paymenthub.support.BancamigaSamples.notification;
import static io.paymenthub.support.BancamigaSamples.refpk;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The whole flow with the field evidence's reading of the signature (pago46.signature.encoding=component,
 * pago46.signature.date-unit=seconds), against a PAGO46 simulator reading it the same way: a payer's description
 * with spaces, #, an apostrophe, parentheses and ñ is registered, not refused with WRONG HASH.
 */
class Pago46ComponentEncodingInSecondsTest extends Pago46TestSupport {

    // started from configureContext(), which runs before field initializers: no initializer here
    private Pago46Simulator pago46;

    private synchronized Pago46Simulator pago46() {
        if (pago46 == null) {
            pago46 = simulator("provider", "component", "seconds");
        }
        return pago46;
    }

    @Override
    protected Map<String, String> extraProperties() {
        Map<String, String> p = pago46Settings(pago46());
        p.put("pago46.signature.encoding", "component");
        p.put("pago46.signature.date-unit", "seconds");
        p.put("pago46.batch.max-wait", "200ms");
        return p;
    }

    @AfterAll
    void stopSimulator() {
        pago46().stop();
    }

    @Test
    void aDescriptionWithSpacesHashApostropheParenthesesAndEnyeIsRegistered() throws Exception {
        String reference = nextReference();
        String description = "Pago #12 de O'Brien (mañana) ¡gracias!";
        assertEquals(200, postWebhook(notification(reference).replace("\"Descripcion\":\"pago\"",
                "\"Descripcion\":\"" + description + "\"")).statusCode());

        List<Event> batches = awaitBatchEvents(Duration.ofSeconds(20), all -> transactionIds(all).contains(refpk(reference)));

        Event mine = batches.stream().filter(e -> transactionIds(List.of(e)).contains(refpk(reference))).findFirst().orElseThrow();
        assertEquals("pago46.registration.accepted", mine.value().path("type").asText(), mine.value().toString());
        assertEquals(1, pago46().acceptedCounts().get(refpk(reference)));
        assertEquals("{\"description\":\"" + description + "\"}",
                text("SELECT optional_fields FROM pago46_registration WHERE bank_transaction_id = ?", refpk(reference)));
    }
}
