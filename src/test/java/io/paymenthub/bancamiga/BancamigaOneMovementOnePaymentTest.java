package io.paymenthub.bancamiga;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.paymenthub.bancamiga.BancamigaMovements;
import io.paymenthub.events.Json;
import io.paymenthub.sandbox.Pago46Simulator;
import io.paymenthub.support.Pago46TestSupport;
import io.paymenthub.support.TopicReader.Event;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static io.paymenthub.support.BancamigaSamples.nextReference;
import static io.paymenthub.support.BancamigaSamples.notification;
import static io.paymenthub.support.BancamigaSamples.refpk;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One bank movement is one payment whichever Refpk spelling it arrives under (the seed's find and history show the
 * same movement, same ID, reference and amount, under a 29- and a 30-character Refpk): one payment.received, one
 * PAGO46 registration, the later spelling kept as an alias.
 */
class BancamigaOneMovementOnePaymentTest extends Pago46TestSupport {

    private static final Pago46Simulator PAGO46 = simulator("provider");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Override
    protected Map<String, String> extraProperties() {
        Map<String, String> p = pago46Settings(PAGO46);
        p.put("pago46.batch.max-wait", "500ms");
        return p;
    }

    @AfterAll
    void stopSimulator() {
        PAGO46.stop();
    }

    /** The seed's find item (29-character Refpk) and history item (30 characters): one movement, same ID. */
    private static ObjectNode seedItem(String refpk, String phoneDest) throws Exception {
        return (ObjectNode) Json.MAPPER.readTree("""
                {"ID":"b6639593-7623-41c1-b1e0-4b041a64018f","created_at":"2025-05-08T10:12:02.594289-04:00",
                 "update_at":"2025-05-08T10:12:03.358268-04:00","deleted_at":null,"Dni":"J000000000",
                 "PhoneDest":"%s","PhoneOrig":"584240000000","Amount":5.12,"BancoOrig":"0172",
                 "NroReferenciaCorto":"575202","NroReferencia":"000000575202","HoraMovimiento":"10:12:02",
                 "FechaMovimiento":"2025-05-08","Descripcion":"pago","Status":"500","Refpk":"%s","Ref":29211968}
                """.formatted(phoneDest, refpk));
    }

    @Test
    void theSeedsMovementUnderBothRefpkSpellingsInFindAndHistoryIsOnePaymentOneEventOneRegistration() throws Exception {
        String find = "20250508017258424000000575202";
        String history = "202505080172584240000000575202";

        movements().store(List.of(seedItem(find, "584120000000")), "find");
        movements().store(List.of(seedItem(history, "584240000000")), "history");
        movements().store(List.of(seedItem(history, "584240000000"), seedItem(find, "584120000000")), "history");

        assertOnePayment(find, history, "find");
    }

    @Test
    void aWebhookUnderOneSpellingAndFindUnderAnotherAreOnePayment() throws Exception {
        String reference = nextReference();
        String webhookRefpk = refpk(reference);
        // the bank's other spelling of the same movement: the reference with one zero fewer
        String otherSpelling = webhookRefpk.substring(0, 24) + reference.substring(1);
        assertEquals(200, postWebhook(notification(reference, "7.25")).statusCode());
        ObjectNode item = seedItem(otherSpelling, "584140000001");
        item.put("ID", java.util.UUID.randomUUID().toString());
        item.put("Amount", new java.math.BigDecimal("7.25"));
        item.put("NroReferencia", reference.substring(1));
        item.put("HoraMovimiento", "16:02:49");

        movements().store(List.of(item), "find");

        assertOnePayment(webhookRefpk, otherSpelling, "webhook");
        // a third report under either spelling is recognised by the bank's ID learnt from find
        movements().store(List.of(item), "history");
        assertEquals(1, count("SELECT COUNT(*) FROM payment_alias WHERE external_id = ?", otherSpelling));
    }

    private void assertOnePayment(String first, String alias, String observedVia) throws Exception {
        String later = nextReference();
        assertEquals(200, postWebhook(notification(later)).statusCode());
        List<Event> events = events().awaitPayments(WAIT, List.of("bancamiga:" + first, "bancamiga:" + refpk(later)));
        List<Event> movement = events.stream().filter(e -> e.paymentId().equals("bancamiga:" + first)
                || e.paymentId().equals("bancamiga:" + alias)).toList();
        assertEquals(1, movement.size(), movement.toString());
        JsonNode data = movement.get(0).value().path("data");
        assertEquals(observedVia, data.path("observedVia").asText());
        assertEquals(first, data.path("externalId").asText());
        assertEquals(1, count("SELECT COUNT(*) FROM payment WHERE external_id IN (?, ?)", first, alias));
        assertEquals(first, text("SELECT payment_external_id FROM payment_alias WHERE external_id = ?", alias));
        await().atMost(WAIT).until(() -> PAGO46.acceptedCounts().containsKey(first) && PAGO46.acceptedCounts().containsKey(refpk(later)));
        assertEquals(1, PAGO46.acceptedCounts().get(first));
        assertEquals(null, PAGO46.acceptedCounts().get(alias), "PAGO46 gets the movement once");
        assertEquals(1, count("SELECT COUNT(*) FROM pago46_registration WHERE bank_transaction_id IN (?, ?)", first, alias));
    }

    private BancamigaMovements movements() {
        return context.getRegistry().lookupByNameAndType("bancamigaMovements", BancamigaMovements.class);
    }
}
