package io.paymenthub.bamboo;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.paymenthub.http.FieldError;
import io.paymenthub.http.HttpProblem;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link BambooPurchases#validate} without a runner (BambooPurchasesTest drives the route against the simulator): what
 * each PaymentMediaId requires, every fault named at once, and the request sent to Bamboo (our Url_Notify, a
 * UniqueID that is the same for the same Order).
 */
class BambooPurchasesRulesTest {

    private static final String NOTIFY = "http://127.0.0.1:8080/webhooks/bamboo";
    private static final String NEQUI_QR = """
            {"PaymentMediaId":67,"Order":"15e04d37-qr","Amount":1000,"TargetCountryISO":"CO","Currency":"COP",
             "MetadataIn":{"PaymentExpirationInMinutes":"1440"},
             "Customer":{"FirstName":"Rosa","PhoneNumber":"3188060418","Email":"admin@dev.com","DocumentTypeId":12}}""";
    private static final String PSE = """
            {"PaymentMediaId":538,"Amount":1000,"Currency":"USD","CrossBorderData":{"TargetCountryISO":"CO"},
             "Customer":{"BillingAddress":{"AddressType":1,"Country":"COL","State":"Antioquia","City":"Medellin",
                         "AddressDetail":"Cra 45 # 76B Sur - 57"},
                         "DocNumber":"52960268","DocumentTypeId":11,"PhoneNumber":"24022330","Email":"mmoreno@mail.com"},
             "Redirection":{"Url_Approved":"https://dummystore.com/checkout/response","Url_Notify":"https://elsewhere/"}}""";

    private final BambooPurchases purchases = new BambooPurchases(NOTIFY, List.of(), null, null, null, null);

    private ObjectNode request(String json) {
        return purchases.request(json.getBytes(StandardCharsets.UTF_8));
    }

    private List<FieldError> refused(String json) {
        HttpProblem problem = assertThrows(HttpProblem.class, () -> request(json));
        assertEquals(400, problem.status());
        assertEquals("The Bamboo purchase request has invalid or missing fields", problem.getMessage());
        return problem.errors();
    }

    private static String requiredFor(String method, int mediaId) {
        return "is required for " + method + " (PaymentMediaId " + mediaId + ")";
    }

    @Test
    void theRequestSentToBambooIsTheMerchantsWithOurCallbackAndAUniqueIdFromTheOrder() {
        ObjectNode sent = request(NEQUI_QR);

        assertEquals(NOTIFY, sent.path("Redirection").path("Url_Notify").asText());
        String expected = UUID.nameUUIDFromBytes("bamboo-order:15e04d37-qr".getBytes(StandardCharsets.UTF_8)).toString();
        assertEquals(expected, sent.path("UniqueID").asText(), "the same Order always carries the same UniqueID");
        assertEquals(expected, request(NEQUI_QR).path("UniqueID").asText());
        assertEquals("Rosa", sent.path("Customer").path("FirstName").asText(), "the merchant's fields go as sent");
        assertEquals(1000, sent.path("Amount").asInt());
    }

    @Test
    void theMerchantsUrlNotifyIsReplacedAndItsOtherRedirectionsKept() {
        ObjectNode sent = request(PSE);

        assertEquals(NOTIFY, sent.path("Redirection").path("Url_Notify").asText());
        assertEquals("https://dummystore.com/checkout/response", sent.path("Redirection").path("Url_Approved").asText());
    }

    @Test
    void theMerchantsUniqueIdInEitherSpellingIsSentAsUniqueID() {
        assertEquals("m-42", request(NEQUI_QR.replace("{\"PaymentMediaId\"", "{\"UniqueID\":\"m-42\",\"PaymentMediaId\"")).path("UniqueID").asText());
        ObjectNode lower = request(NEQUI_QR.replace("{\"PaymentMediaId\"", "{\"UniqueId\":\"m-43\",\"PaymentMediaId\""));
        assertEquals("m-43", lower.path("UniqueID").asText());
        assertNull(lower.get("UniqueId"));
    }

    @Test
    void withoutOrderOrUniqueIdEachPurchaseGetsARandomUniqueId() {
        String anonymous = NEQUI_QR.replace("\"Order\":\"15e04d37-qr\",", "");

        assertNotEquals(request(anonymous).path("UniqueID").asText(), request(anonymous).path("UniqueID").asText());
    }

    @Test
    void anEmptyObjectIsRefusedNamingWhatEveryMethodNeeds() {
        assertEquals(List.of(
                new FieldError("PaymentMediaId", "must be 538 (PSE), 36-40 or 42-44 (cash networks), 67 (Nequi QR) or 68 (Nequi Push)"),
                new FieldError("Amount", "is required: a positive integer in minor units (COP 5.000 is 500000)"),
                new FieldError("Currency", "is required: an ISO 4217 code, e.g. \"COP\""),
                new FieldError("TargetCountryISO", "is required: the destination country, e.g. \"CO\"")), refused("{}"));
    }

    @Test
    void eachMethodNamesTheCustomerFieldsItRequires() {
        assertEquals(List.of(
                new FieldError("Customer.Email", requiredFor("PSE", 538)),
                new FieldError("Customer.DocumentTypeId", requiredFor("PSE", 538)),
                new FieldError("Customer.DocNumber", requiredFor("PSE", 538)),
                new FieldError("Customer.PhoneNumber", requiredFor("PSE", 538)),
                new FieldError("Customer.BillingAddress.Country", requiredFor("PSE", 538)),
                new FieldError("Customer.BillingAddress.State", requiredFor("PSE", 538)),
                new FieldError("Customer.BillingAddress.City", requiredFor("PSE", 538)),
                new FieldError("Customer.BillingAddress.AddressDetail", requiredFor("PSE", 538)),
                new FieldError("Customer.BillingAddress.AddressType", requiredFor("PSE", 538))),
                refused("{\"PaymentMediaId\":538,\"Amount\":1000,\"Currency\":\"USD\",\"TargetCountryISO\":\"CO\"}"));
        assertEquals(List.of(new FieldError("Customer.Email", requiredFor("CASH", 38)), new FieldError("Customer.DocNumber", requiredFor("CASH", 38))),
                refused("{\"PaymentMediaId\":\"38\",\"Amount\":1000,\"Currency\":\"COP\",\"TargetCountryIso\":\"CO\"}"));
        assertEquals(List.of(new FieldError("Customer.PhoneNumber", requiredFor("NEQUI_PUSH", 68))),
                refused(NEQUI_QR.replace("\"PaymentMediaId\":67", "\"PaymentMediaId\":68").replace("\"PhoneNumber\":\"3188060418\",", "")));
    }

    @Test
    void aPaymentMediaIdThisRunnerDoesNotCreateIsRefused() {
        for (String id : List.of("41", "1", "\"PSE\"", "67.5", "null")) {
            assertEquals(List.of("PaymentMediaId"), fields(refused(NEQUI_QR.replace("\"PaymentMediaId\":67", "\"PaymentMediaId\":" + id))), id);
        }
    }

    @Test
    void amountCurrencyAndCountryMustBeInBamboosShape() {
        assertEquals(List.of("Amount", "Currency"), fields(refused(NEQUI_QR.replace("\"Amount\":1000", "\"Amount\":10.5")
                .replace("\"Currency\":\"COP\"", "\"Currency\":\"cop\""))));
        for (String amount : List.of("0", "-5", "\"1000\"", "1000000000000000")) {
            assertEquals(List.of("Amount"), fields(refused(NEQUI_QR.replace("\"Amount\":1000", "\"Amount\":" + amount))), amount);
        }
        assertEquals(List.of("TargetCountryISO"), fields(refused(NEQUI_QR.replace("\"TargetCountryISO\":\"CO\"", "\"TargetCountryISO\":\"COL\""))));
    }

    @Test
    void optionalFieldsWhenGivenMustBeReadable() {
        assertEquals(List.of(new FieldError("Customer.Email", "must be an e-mail address")),
                refused(NEQUI_QR.replace("admin@dev.com", "admin")));
        assertEquals(List.of(new FieldError("Customer.DocumentTypeId", "must be a number from Bamboo's document type table")),
                refused(NEQUI_QR.replace("\"DocumentTypeId\":12", "\"DocumentTypeId\":\"CC\"")));
        assertEquals(List.of(new FieldError("MetadataIn.PaymentExpirationInMinutes", "must be a whole number of minutes")),
                refused(NEQUI_QR.replace("\"1440\"", "\"one day\"")));
        assertEquals(List.of(new FieldError("Order", "must be a string of at most 128 characters")),
                refused(NEQUI_QR.replace("15e04d37-qr", "o".repeat(129))));
        assertEquals(List.of(new FieldError("UniqueID", "must be 1 to 128 letters, digits or ._:-")),
                refused(NEQUI_QR.replace("{\"PaymentMediaId\"", "{\"UniqueID\":\"a b\",\"PaymentMediaId\"")));
        assertEquals(List.of(new FieldError("Redirection", "must be an object")),
                refused(NEQUI_QR.replace("{\"PaymentMediaId\"", "{\"Redirection\":\"https://x/\",\"PaymentMediaId\"")));
        assertEquals(List.of(new FieldError("Customer.PhoneNumber", "must be 10 digits without prefix for Nequi Push, e.g. 3188255555")),
                refused(NEQUI_QR.replace("\"PaymentMediaId\":67", "\"PaymentMediaId\":68").replace("3188060418", "+573188060418")));
    }

    @Test
    void aBodyThatIsNotAJsonObjectIsRefused() {
        assertEquals(400, assertThrows(HttpProblem.class, () -> request("{\"PaymentMediaId\":")).status());
        assertEquals(400, assertThrows(HttpProblem.class, () -> request("[]")).status());
    }

    @Test
    void theCouponsExpiryIsAnsweredAsAnIsoDate() {
        assertEquals("2026-12-25", BambooPurchases.isoDate("25/12/2026"));
        assertEquals("31/02/2026", BambooPurchases.isoDate("31/02/2026"), "not a date: as given");
        assertEquals("2026-12-25T10:00", BambooPurchases.isoDate("2026-12-25T10:00"));
        assertNull(BambooPurchases.isoDate(null));
    }

    private static List<String> fields(List<FieldError> errors) {
        return errors.stream().map(FieldError::field).toList();
    }
}
