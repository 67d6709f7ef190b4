package io.paymenthub.pago46;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.paymenthub.pago46.Pago46Signer.Scheme;
import io.paymenthub.settings.Settings;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Test vectors for both canonical strings: the expected strings are written out by hand here and the
 * expected hashes computed with javax.crypto directly, not with the signer.
 */
class Pago46SignerTest {

    private static final String KEY = "pk_test_7f3a";
    private static final String SECRET = "sk_test_Zq9!secret";
    private static final long DATE = 1746734569000L;

    /** Three transactions: non-ASCII names and description, amounts 5.64, 1234.50 and 0.10. */
    private static final String BODY = "["
            + "{\"amount\":\"5.64\",\"bank_country_currency_id\":\"cc-9\",\"bank_transaction_id\":\"202505080172584240000000018219\","
            + "\"creation_date\":\"20250508\",\"description\":\"Pago de José Pérez\",\"document_id\":\"V-12.345.678\","
            + "\"payer_name\":\"Ñandú Güell\",\"payment_method\":\"bank_transfer\"},"
            + "{\"amount\":\"1234.50\",\"bank_country_currency_id\":\"cc-9\",\"bank_transaction_id\":\"T2\","
            + "\"creation_date\":\"20250509\",\"document_id\":\"V-12.345.678\",\"payment_method\":\"bank_transfer\"},"
            + "{\"amount\":\"0.10\",\"bank_country_currency_id\":\"cc-9\",\"bank_transaction_id\":\"T3\","
            + "\"beneficiary_name\":\"Comercio 100% ~ *ok*\",\"creation_date\":\"20250510\",\"document_id\":\"V-12.345.678\","
            + "\"payment_method\":\"bank_transfer\"}]";

    private static final String PROVIDER_CANONICAL = "pk_test_7f3a&1746734569000&POST&%2FbulkTransaction"
            + "&transactions[0][amount]=5.64"
            + "&transactions[0][bank_country_currency_id]=cc-9"
            + "&transactions[0][bank_transaction_id]=202505080172584240000000018219"
            + "&transactions[0][creation_date]=20250508"
            + "&transactions[0][description]=Pago+de+Jos%C3%A9+P%C3%A9rez"
            + "&transactions[0][document_id]=V-12.345.678"
            + "&transactions[0][payer_name]=%C3%91and%C3%BA+G%C3%BCell"
            + "&transactions[0][payment_method]=bank_transfer"
            + "&transactions[1][amount]=1234.50"
            + "&transactions[1][bank_country_currency_id]=cc-9"
            + "&transactions[1][bank_transaction_id]=T2"
            + "&transactions[1][creation_date]=20250509"
            + "&transactions[1][document_id]=V-12.345.678"
            + "&transactions[1][payment_method]=bank_transfer"
            + "&transactions[2][amount]=0.10"
            + "&transactions[2][bank_country_currency_id]=cc-9"
            + "&transactions[2][bank_transaction_id]=T3"
            + "&transactions[2][beneficiary_name]=Comercio+100%25+~+%2Aok%2A"
            + "&transactions[2][creation_date]=20250510"
            + "&transactions[2][document_id]=V-12.345.678"
            + "&transactions[2][payment_method]=bank_transfer";

    private static String hmac(String secret, String text) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] body() {
        return BODY.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void providerSchemeJoinsKeyDateMethodEncodedPathAndEveryFieldSortedByName() throws Exception {
        String canonical = Pago46Signer.canonical(Scheme.PROVIDER, KEY, DATE, "POST", "/bulkTransaction", body());

        assertEquals(PROVIDER_CANONICAL, canonical);
        assertEquals(hmac(SECRET, PROVIDER_CANONICAL), Pago46Signer.hmacHex(SECRET, canonical));
    }

    @Test
    void coreSchemeSignsKeyDateMethodPathAndTheRawBody() throws Exception {
        String expected = "pk_test_7f3a:1746734569000:POST:/bulkTransaction:" + BODY;

        String canonical = Pago46Signer.canonical(Scheme.CORE, KEY, DATE, "POST", "/bulkTransaction", body());

        assertEquals(expected, canonical);
        assertEquals(hmac(SECRET, expected), Pago46Signer.hmacHex(SECRET, canonical));
    }

    @Test
    void theHashIsLowercaseHexOf32BytesAndChangesWithTheAmount() throws Exception {
        String hash = Pago46Signer.hmacHex(SECRET, PROVIDER_CANONICAL);
        String otherAmount = Pago46Signer.hmacHex(SECRET, PROVIDER_CANONICAL.replace("=5.64", "=5.65"));

        assertEquals(64, hash.length());
        assertEquals(hash.toLowerCase(), hash);
        assertNotEquals(hash, otherAmount);
    }

    @Test
    void signSetsTheThreeHeadersWithTheDateInMillisecondsForBothSchemes() throws Exception {
        for (Scheme scheme : Scheme.values()) {
            Pago46Settings settings = settings(scheme);
            Exchange exchange = new DefaultExchange(new DefaultCamelContext());
            exchange.getMessage().setBody(body());
            long before = System.currentTimeMillis();

            new Pago46Signer(settings).sign(exchange);

            long date = Long.parseLong(exchange.getMessage().getHeader("message-date", String.class));
            assertEquals(true, date >= before && date <= System.currentTimeMillis(), "message-date is Unix milliseconds now");
            String expected = scheme == Scheme.CORE
                    ? "pk_test_7f3a:" + date + ":POST:/bulkTransaction:" + BODY
                    : PROVIDER_CANONICAL.replace("&1746734569000&", "&" + date + "&");
            assertEquals(KEY, exchange.getMessage().getHeader("provider-key"));
            assertEquals(hmac(SECRET, expected), exchange.getMessage().getHeader("message-hash"), scheme.name());
        }
    }

    @Test
    void aBaseUrlWithAPathPrefixIsPartOfTheSignedPath() throws Exception {
        DefaultCamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().setLocation("file:application.properties");
        context.getPropertiesComponent().addOverrideProperty("pago46.base-url", "https://api.example/v2/");
        assertEquals("/v2/bulkTransaction", Pago46Settings.from(new Settings(context.getPropertiesComponent())).bulkTransactionPath());
    }

    private static Pago46Settings settings(Scheme scheme) {
        DefaultCamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().setLocation("file:application.properties");
        context.getPropertiesComponent().addOverrideProperty("pago46.provider-key", KEY);
        context.getPropertiesComponent().addOverrideProperty("pago46.provider-secret", SECRET);
        context.getPropertiesComponent().addOverrideProperty("pago46.signature.scheme", scheme.name().toLowerCase());
        return Pago46Settings.from(new Settings(context.getPropertiesComponent()));
    }
}
