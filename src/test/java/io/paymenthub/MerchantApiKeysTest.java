package io.paymenthub;

import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import io.paymenthub.bamboo.BambooPurchasesTest;
import io.paymenthub.support.BambooTestSupport;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The merchant API asks every caller for a key from api.keys (here {@code tests:<key>,<next key>}): without one, or
 * with a wrong one, nothing reaches the partner; each purchase records which key (by its id) made it.
 */
class MerchantApiKeysTest extends BambooTestSupport {

    private static final String[] MERCHANT_PATHS = {"/api/v1/pago-movil/verifications", "/api/v1/bamboo/purchases",
            "/api/v1/luka/pago-movil"};

    @Test
    void aCallWithoutAKeyIsAnswered401WithAMessageOnEveryMerchantPath() throws Exception {
        for (String path : MERCHANT_PATHS) {
            HttpResponse<String> answer = business().postJson(path, BambooPurchasesTest.NEQUI_QR);

            assertEquals(401, answer.statusCode(), path + " " + answer.body());
            assertEquals("Missing API key: send Authorization: Bearer <key>", JSON.readTree(answer.body()).path("message").asText());
        }
    }

    @Test
    void aWrongKeyOrAnotherSchemeIsAnswered401AndNothingReachesBamboo() throws Exception {
        int purchasesBefore = bamboo().purchaseCalls();
        for (String authorization : new String[] {"Bearer not-a-key", "Bearer " + API_KEY + "x", "Basic " + API_KEY, "Bearer ",
                "Bearer tests:" + API_KEY}) {
            HttpResponse<String> answer = business().postJson("/api/v1/bamboo/purchases", BambooPurchasesTest.NEQUI_QR,
                    "Authorization", authorization);

            assertEquals(401, answer.statusCode(), authorization + ": " + answer.body());
        }
        assertEquals(purchasesBefore, bamboo().purchaseCalls(), "no purchase was created at Bamboo");
        assertEquals(0, count("SELECT COUNT(*) FROM rejected_message"), "an unauthenticated body is not kept");
    }

    @Test
    void eitherKeyOfARotationIsAcceptedAndEachPurchaseRecordsWhichKeyMadeIt() throws Exception {
        HttpResponse<String> first = business().postJson("/api/v1/bamboo/purchases", BambooPurchasesTest.NEQUI_QR,
                "Authorization", "Bearer " + API_KEY);
        HttpResponse<String> second = business().postJson("/api/v1/bamboo/purchases", BambooPurchasesTest.NEQUI_PUSH,
                "Authorization", "Bearer " + NEXT_API_KEY);

        assertEquals(201, first.statusCode(), first.body());
        assertEquals(201, second.statusCode(), second.body());
        assertEquals("tests", keyOf(JSON.readTree(first.body())), "labelled entry: its label");
        assertEquals("key-2", keyOf(JSON.readTree(second.body())), "unlabelled entry: its position");
    }

    private String keyOf(JsonNode created) throws Exception {
        return text("SELECT api_key_id FROM bamboo_purchase WHERE purchase_id = ?", created.path("purchaseId").asText());
    }
}
