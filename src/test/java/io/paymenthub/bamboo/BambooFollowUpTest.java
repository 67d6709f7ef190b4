package io.paymenthub.bamboo;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.paymenthub.support.BambooTestSupport;
import io.paymenthub.support.TopicReader.Event;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A purchase never stays PENDING because its callback was lost: past bamboo.follow-up.after it is read back on the
 * clustered Quartz schedule until Bamboo gives a final status, or until its expiry (then EXPIRED with the reason).
 * A later final status from Bamboo corrects the inferred EXPIRED (previousStatus EXPIRED).
 */
class BambooFollowUpTest extends BambooTestSupport {

    /** A Nequi QR purchase without an expiry of its own: bamboo.follow-up.expire-after applies. */
    private static final String WITHOUT_EXPIRY = BambooPurchasesTest.NEQUI_QR.replace("\"MetadataIn\":{\"PaymentExpirationInMinutes\":\"1440\"},", "");

    @Override
    protected Map<String, String> extraProperties() {
        Map<String, String> p = new HashMap<>(super.extraProperties());
        p.put("bamboo.follow-up.after", "1s");
        p.put("bamboo.follow-up.interval", "1s");
        p.put("bamboo.follow-up.expire-after", "5s");
        p.put("bamboo.follow-up.cron", "0/1 * * * * ?");
        return p;
    }

    @Test
    void aPurchaseWhoseCallbackWasLostIsReadBackAndItsFinalStatusPublished() throws Exception {
        JsonNode created = created(freshOrder(BambooPurchasesTest.NEQUI_QR));
        String purchaseId = created.path("purchaseId").asText();

        bamboo().settleWithoutCallback(purchaseId, 1, "Approved");

        List<Event> events = awaitStatuses("bamboo:" + purchaseId, "APPROVED");
        Event approved = events.get(events.size() - 1);
        assertEquals("PENDING", approved.value().path("data").path("previousStatus").asText());
        assertEquals("poll", approved.value().path("data").path("observedVia").asText());
        assertEquals("/bamboo/follow-up", approved.value().path("source").asText());
        assertTrue(bamboo().readBacks().contains(created.path("transactionId").asText()));
        assertEquals(0, count("SELECT COUNT(*) FROM bamboo_purchase WHERE purchase_id = ? AND next_check_at IS NOT NULL", purchaseId),
                "no longer followed");
        assertEquals(List.of("PENDING", "APPROVED"), statuses(eventsOf("bamboo:" + purchaseId)));
    }

    @Test
    void aPurchaseStillPendingAtItsExpiryIsExpiredWithTheReasonAndABambooFinalStatusLaterCorrectsIt() throws Exception {
        JsonNode created = created(freshOrder(WITHOUT_EXPIRY));
        String purchaseId = created.path("purchaseId").asText();
        String transactionId = created.path("transactionId").asText();

        awaitStatuses("bamboo:" + purchaseId, "EXPIRED");

        String reason = text("SELECT status_reason FROM bamboo_purchase WHERE purchase_id = ?", purchaseId);
        assertTrue(reason.startsWith("No final status from Bamboo by the NEQUI_QR purchase's expiry"), reason);
        assertTrue(reason.contains("still reports it pending"), reason);
        long readBacks = bamboo().readBacks().stream().filter(transactionId::equals).count();
        assertTrue(readBacks >= 2, "read back while it could still be paid: " + readBacks);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .until(() -> bamboo().readBacks().stream().filter(transactionId::equals).count() == readBacks);

        // the payer paid after all, and Bamboo says so: the runner's inference gives way
        bamboo().settle(purchaseId, 5, "Paid");

        List<Event> events = awaitStatuses("bamboo:" + purchaseId, "PAID");
        assertEquals(List.of("PENDING", "EXPIRED", "PAID"), statuses(events.stream()
                .filter(e -> e.paymentId().equals("bamboo:" + purchaseId)).toList()));
        assertEquals("EXPIRED", events.get(events.size() - 1).value().path("data").path("previousStatus").asText());
    }

    private JsonNode created(String request) throws Exception {
        HttpResponse<String> answer = createPurchase(request);
        assertEquals(201, answer.statusCode(), answer.body());
        return JSON.readTree(answer.body());
    }

    private List<Event> awaitStatuses(String paymentId, String status) {
        return events().awaitEvents(WAIT, all -> all.stream().anyMatch(e -> e.paymentId().equals(paymentId)
                && e.value().path("data").path("status").asText().equals(status))).stream()
                .filter(e -> e.paymentId().equals(paymentId)).toList();
    }

    private static List<String> statuses(List<Event> events) {
        return events.stream().map(e -> e.value().path("data").path("status").asText()).toList();
    }
}
