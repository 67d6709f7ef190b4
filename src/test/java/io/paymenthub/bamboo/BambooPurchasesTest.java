package io.paymenthub.bamboo;

import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.paymenthub.sandbox.BambooSimulator;
import io.paymenthub.support.BambooTestSupport;
import io.paymenthub.support.TopicReader.Event;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST /api/v1/bamboo/purchases on the real routes against the Bamboo simulator. */
public class BambooPurchasesTest extends BambooTestSupport {

    static final String PSE = """
            {"PaymentMediaId":538,"Order":"QA245","Capture":"true","Amount":1000,"Installments":1,"Currency":"USD",
             "CrossBorderData":{"TargetCountryISO":"CO"},"Description":"Compra de prueba",
             "Customer":{"BillingAddress":{"AddressType":1,"Country":"COL","State":"Antioquia","City":"Medellin",
                         "AddressDetail":"Cra 45 # 76B Sur - 57"},
                         "FirstName":"Miguel","LastName":"Moreno","DocNumber":"52960268","DocumentTypeId":11,
                         "PhoneNumber":"24022330","Email":"mmoreno@mail.com"},
             "Redirection":{"Url_Approved":"https://dummystore.com/checkout/response"}}""";
    static final String CASH = """
            {"PaymentMediaId":38,"Currency":"COP","TargetCountryIso":"CO","MetadataIn":{"PaymentExpirationInMinutes":"7200"},
             "Customer":{"FirstName":"Miguel","LastName":"Moreno","DocNumber":"52960268","DocumentTypeId":11,
                         "PhoneNumber":"24022330","Email":"mmoreno@mail.com"},
             "Amount":100000,"Capture":true,"Description":"This is a Cash test"}""";
    public static final String NEQUI_QR = """
            {"PaymentMediaId":67,"Order":"15e04d37-qr","Amount":1000,"Description":"This is a nequi test transaction",
             "TargetCountryISO":"CO","MetadataIn":{"PaymentExpirationInMinutes":"1440"},"Currency":"COP","Capture":true,
             "Customer":{"FirstName":"Rosa","LastName":"Peralta","PhoneNumber":"3188060418","Email":"admin@dev.com",
                         "DocNumber":12345672,"DocumentTypeId":12}}""";
    public static final String NEQUI_PUSH = NEQUI_QR.replace("\"PaymentMediaId\":67", "\"PaymentMediaId\":68").replace("-qr", "-push");

    @Test
    void psePurchaseAnswersTheRedirectUrlAndSetsTheRunnersCallback() throws Exception {
        JsonNode created = created(PSE);

        assertEquals("PSE", created.path("method").asText());
        assertEquals("PENDING", created.path("status").asText());
        assertEquals("10.00", created.path("amount").asText());
        assertEquals("USD", created.path("currency").asText());
        assertEquals(bamboo().baseUrl() + "/redirect/CA_" + created.path("purchaseId").asText(), created.path("actionUrl").asText());
        BambooSimulator.Purchase atBamboo = bamboo().purchase(created.path("purchaseId").asText());
        assertEquals(notifyUrl(), atBamboo.notifyUrl, "Url_Notify is the runner's callback");
        assertPendingEventPublished(created, "PSE");
    }

    @Test
    void cashPurchaseAnswersTheCouponItsCodeAndExpiry() throws Exception {
        JsonNode created = created(CASH);

        assertEquals("CASH", created.path("method").asText());
        assertEquals(38, created.path("paymentMediaId").asInt());
        assertEquals("1000.00", created.path("amount").asText(), "COP 100000 in minor units");
        assertTrue(created.path("paymentUrl").asText().endsWith("/purchase-coupons/" + created.path("purchaseId").asText() + ".html"));
        assertFalse(created.path("paymentCode").asText().isBlank());
        assertEquals(LocalDate.now().plusDays(5).toString(), created.path("paymentExpirationDate").asText());
        assertEquals("110342", created.path("agreementCode").asText());
        assertPendingEventPublished(created, "CASH");
    }

    @Test
    void nequiQrPurchaseAnswersTheQrCodeAndImage() throws Exception {
        JsonNode created = created(NEQUI_QR);

        assertEquals("NEQUI_QR", created.path("method").asText());
        assertEquals("bancadigital-C001-10011-" + created.path("purchaseId").asText(), created.path("codeQr").asText());
        assertFalse(created.path("base64Qr").asText().isBlank());
        assertTrue(created.path("order").asText().startsWith("15e04d37-qr-"), created.path("order").asText());
        assertPendingEventPublished(created, "NEQUI_QR");
    }

    @Test
    void nequiPushPurchaseIsCreatedAndThePayerIsToldToAcceptInTheApp() throws Exception {
        JsonNode created = created(NEQUI_PUSH);

        assertEquals("NEQUI_PUSH", created.path("method").asText());
        assertTrue(created.path("message").asText().contains("Nequi app"));
        assertPendingEventPublished(created, "NEQUI_PUSH");
    }

    @Test
    void aPurchaseCreatedHereThenPaidReachesKafkaAsApproved() throws Exception {
        JsonNode created = created(NEQUI_QR);
        String paymentId = created.path("paymentId").asText();

        bamboo().settle(created.path("purchaseId").asText(), 1, "Approved");

        List<Event> events = events().awaitEvents(WAIT, all -> all.stream().anyMatch(e -> e.paymentId().equals(paymentId)
                && e.value().path("data").path("status").asText().equals("APPROVED")));
        Event approved = events.stream().filter(e -> e.paymentId().equals(paymentId)).reduce((a, b) -> b).orElseThrow();
        assertEquals("PENDING", approved.value().path("data").path("previousStatus").asText());
        assertEquals("NEQUI_QR", approved.value().path("data").path("method").asText());
        // the simulator records its delivery once it has read the answer, which may be after the event is out
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> !bamboo().deliveries().stream()
                .filter(d -> d.purchaseId().equals(created.path("purchaseId").asText())).toList().isEmpty());
        assertEquals(List.of(200), bamboo().deliveries().stream().filter(d -> d.purchaseId().equals(created.path("purchaseId").asText()))
                .map(BambooSimulator.Delivery::httpStatus).toList());
    }

    @Test
    void eachMethodsMissingFieldsAreListedWithoutCallingBamboo() throws Exception {
        int callsBefore = bamboo().purchaseCalls();

        assertEquals(Set.of("Customer.DocumentTypeId", "Customer.DocNumber", "Customer.PhoneNumber", "Customer.BillingAddress.State"),
                fieldErrors(PSE.replace("\"DocNumber\":\"52960268\",\"DocumentTypeId\":11,", "").replace("\"PhoneNumber\":\"24022330\",", "")
                        .replace("\"State\":\"Antioquia\",", "")));
        assertEquals(Set.of("Customer.DocNumber"), fieldErrors(CASH.replace("\"DocNumber\":\"52960268\",", "")));
        assertEquals(Set.of("Customer.Email", "TargetCountryISO"), fieldErrors(NEQUI_QR.replace("\"Email\":\"admin@dev.com\",", "")
                .replace("\"TargetCountryISO\":\"CO\",", "")));
        assertEquals(Set.of("Customer.PhoneNumber"), fieldErrors(NEQUI_PUSH.replace("\"PhoneNumber\":\"3188060418\",", "")));
        assertEquals(Set.of("Customer.PhoneNumber"), fieldErrors(NEQUI_PUSH.replace("3188060418", "+573188060418")));
        assertEquals(Set.of("PaymentMediaId"), fieldErrors(NEQUI_QR.replace("\"PaymentMediaId\":67", "\"PaymentMediaId\":41")));
        assertEquals(Set.of("Amount", "Currency"), fieldErrors(NEQUI_QR.replace("\"Amount\":1000", "\"Amount\":10.5")
                .replace("\"Currency\":\"COP\"", "\"Currency\":\"pesos\"")));
        assertEquals(Set.of("Customer.Email"), fieldErrors(NEQUI_QR.replace("admin@dev.com", "admin")));

        assertEquals(callsBefore, bamboo().purchaseCalls(), "an invalid request never reaches Bamboo");
        HttpResponse<String> notJson = createPurchase("{\"PaymentMediaId\":");
        assertEquals(400, notJson.statusCode());
        assertTrue(JSON.readTree(notJson.body()).path("message").asText().contains("not valid JSON"));
    }

    @Test
    void bambooRefusingThePurchaseIsA400CarryingBambooSMessage() throws Exception {
        bamboo().failNextPurchase(400);

        HttpResponse<String> answer = createPurchase(CASH);

        assertEquals(400, answer.statusCode(), answer.body());
        String message = JSON.readTree(answer.body()).path("message").asText();
        assertTrue(message.contains("Bamboo refused the request (HTTP 400): PR011: Customer document is invalid"), message);
        assertTrue(message.contains("DocNumber rejected by the acquirer"), message);
        assertEquals(1, count("SELECT COUNT(*) FROM rejected_message WHERE endpoint = 'bamboo-purchases' AND reason LIKE '%PR011%'"
                + " AND body_size = ?", (long) CASH.getBytes(java.nio.charset.StandardCharsets.UTF_8).length),
                "the merchant's request is kept, not Bamboo's answer");
    }

    @Test
    void bambooFailingOrRefusingOurKeyIsA502AndRefusingOurKeyTurnsReadinessDown() throws Exception {
        bamboo().failNextPurchase(503);
        HttpResponse<String> failing = createPurchase(NEQUI_QR);
        bamboo().failNextPurchase(401);
        HttpResponse<String> refusedKey = createPurchase(NEQUI_QR);

        assertEquals(502, failing.statusCode(), failing.body());
        assertTrue(JSON.readTree(failing.body()).path("message").asText().startsWith("Bamboo failed (HTTP 503)"), failing.body());
        assertEquals(502, refusedKey.statusCode(), refusedKey.body());
        assertTrue(JSON.readTree(refusedKey.body()).path("message").asText().contains("check bamboo.private-key"), refusedKey.body());
        assertFalse(refusedKey.body().contains(BAMBOO_KEY));

        // readiness says why, like the other partners' checks, until Bamboo accepts a call again
        HttpResponse<String> health = get(managementPort, "/observe/health");
        assertEquals(503, health.statusCode(), health.body());
        assertTrue(health.body().contains("Bamboo refuses our private key") && health.body().contains("bamboo.private-key"), health.body());
        assertFalse(health.body().contains(BAMBOO_KEY));
        created(NEQUI_QR);
        HttpResponse<String> recovered = get(managementPort, "/observe/health");
        assertEquals(200, recovered.statusCode(), recovered.body());
        assertTrue(recovered.body().contains("bamboo"), recovered.body());
    }

    @Test
    void bambooNotAnsweringInTimeIsA503SayingToCheckBambooBeforeCreatingItAgain() throws Exception {
        bamboo().stallNextPurchase(java.time.Duration.ofSeconds(4));

        HttpResponse<String> answer = createPurchase(NEQUI_QR);

        assertEquals(503, answer.statusCode(), answer.body());
        assertEquals("The partner did not answer in time: the purchase may exist at Bamboo: send the same request again (same Order"
                + " or UniqueID) to get it; Bamboo answers a repeated UniqueID with that purchase, never a second one",
                JSON.readTree(answer.body()).path("message").asText());
    }

    @Test
    void theSameOrderSentAgainReturnsTheSamePurchaseNeverASecond() throws Exception {
        String request = freshOrder(NEQUI_QR);
        String order = JSON.readTree(request).path("Order").asText();
        JsonNode first = createdAsIs(request);
        int calls = bamboo().purchaseCalls();

        HttpResponse<String> again = createPurchase(request);

        assertEquals(200, again.statusCode(), again.body());
        JsonNode repeat = JSON.readTree(again.body());
        assertEquals(first.path("purchaseId").asText(), repeat.path("purchaseId").asText());
        assertEquals(first.path("codeQr").asText(), repeat.path("codeQr").asText());
        assertEquals("PENDING", repeat.path("status").asText());
        assertEquals(calls, bamboo().purchaseCalls(), "answered from the store");
        assertEquals(1, bamboo().purchasesFor(order));
        assertEquals(1, count("SELECT COUNT(*) FROM bamboo_purchase WHERE order_ref = ?", order));
        assertEquals(java.util.UUID.nameUUIDFromBytes(("bamboo-order:" + order).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString(),
                text("SELECT unique_id FROM bamboo_purchase WHERE order_ref = ?", order), "the UniqueID sent is derived from the Order");
    }

    @Test
    void theSameOrderAskingForAnotherPurchaseIs409NamingTheOneItHas() throws Exception {
        String request = freshOrder(NEQUI_QR);
        JsonNode first = createdAsIs(request);

        HttpResponse<String> other = createPurchase(request.replace("\"Amount\":1000", "\"Amount\":2000"));

        assertEquals(409, other.statusCode(), other.body());
        JsonNode body = JSON.readTree(other.body());
        assertEquals(first.path("paymentId").asText(), body.path("paymentId").asText());
        assertTrue(body.path("message").asText().contains("already has purchase " + first.path("paymentId").asText()), other.body());
    }

    @Test
    void theMerchantsUniqueIdIsSentAsItIsAndTwoRequestsRacingMakeOnePurchase() throws Exception {
        String uniqueId = "merchant-" + nextId();
        String request = NEQUI_QR.replace("\"Order\":\"15e04d37-qr\"", "\"Order\":\"race-" + nextId() + "\",\"UniqueID\":\"" + uniqueId + "\"");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.Future<HttpResponse<String>> a = pool.submit(() -> createPurchase(request));
            java.util.concurrent.Future<HttpResponse<String>> b = pool.submit(() -> createPurchase(request));
            HttpResponse<String> first = a.get();
            HttpResponse<String> second = b.get();
            assertTrue(first.statusCode() == 200 || first.statusCode() == 201, first.body());
            assertTrue(second.statusCode() == 200 || second.statusCode() == 201, second.body());
            assertEquals(JSON.readTree(first.body()).path("purchaseId").asText(), JSON.readTree(second.body()).path("purchaseId").asText());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, count("SELECT COUNT(*) FROM bamboo_purchase WHERE unique_id = ?", uniqueId));
        String order = text("SELECT order_ref FROM bamboo_purchase WHERE unique_id = ?", uniqueId);
        assertEquals(1, bamboo().purchasesFor(order));
    }

    @Override
    protected java.util.Map<String, String> extraProperties() {
        java.util.Map<String, String> p = new java.util.HashMap<>(super.extraProperties());
        p.put("camel.component.http.so-timeout", "1500");
        p.put("camel.component.http.response-timeout", "1500");
        return p;
    }

    /** Created with the request's own Order (not a fresh one). */
    private JsonNode createdAsIs(String request) throws Exception {
        HttpResponse<String> answer = createPurchase(request);
        assertEquals(201, answer.statusCode(), answer.body());
        return JSON.readTree(answer.body());
    }

    private JsonNode created(String request) throws Exception {
        HttpResponse<String> answer = createPurchase(freshOrder(request));
        assertEquals(201, answer.statusCode(), answer.body());
        assertEquals("application/json", answer.headers().firstValue("Content-Type").orElse(""));
        return JSON.readTree(answer.body());
    }

    private void assertPendingEventPublished(JsonNode created, String method) {
        String paymentId = created.path("paymentId").asText();
        assertEquals("bamboo:" + created.path("purchaseId").asText(), paymentId);
        Event event = events().awaitPayments(WAIT, List.of(paymentId)).stream()
                .filter(e -> e.paymentId().equals(paymentId)).findFirst().orElseThrow();
        JsonNode data = event.value().path("data");
        assertEquals("payment.status-changed", event.value().path("type").asText());
        assertEquals("/bamboo/purchases", event.value().path("source").asText());
        assertEquals("PENDING", data.path("status").asText());
        assertTrue(data.path("previousStatus").isNull());
        assertEquals(method, data.path("method").asText());
        assertEquals("api", data.path("observedVia").asText());
        assertEquals(created.path("amount").asText(), data.path("amount").asText());
    }

    private Set<String> fieldErrors(String request) throws Exception {
        HttpResponse<String> answer = createPurchase(request);
        assertEquals(400, answer.statusCode(), answer.body());
        JsonNode body = JSON.readTree(answer.body());
        assertEquals("The Bamboo purchase request has invalid or missing fields", body.path("message").asText());
        Set<String> fields = new java.util.HashSet<>();
        body.path("errors").forEach(e -> fields.add(e.path("field").asText()));
        return fields.stream().collect(Collectors.toSet());
    }

}
