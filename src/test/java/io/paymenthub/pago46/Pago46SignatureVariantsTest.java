package io.paymenthub.pago46;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.paymenthub.pago46.Pago46Batches.Batch;
import io.paymenthub.pago46.Pago46Batches.Registration;
import io.paymenthub.pago46.Pago46Signer.DateUnit;
import io.paymenthub.pago46.Pago46Signer.Encoding;
import io.paymenthub.pago46.Pago46Signer.Scheme;
import io.paymenthub.sandbox.Pago46Simulator;
import io.paymenthub.settings.Settings;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PAGO46's public material disagrees on the provider signature's URL-encoding (form style, space {@code +},
 * versus encodeURIComponent, space {@code %20} and {@code !*'()} kept, as PAGO46's own e-commerce plugin does)
 * and on {@code message-date}'s unit (milliseconds or seconds). Each of the four readings has a known answer
 * (canonical string written by hand, hash from {@code openssl dgst -sha256 -hmac}), and a payer description with
 * spaces, {@code #}, an apostrophe, parentheses and {@code ñ} signs correctly under each: the simulator, set to
 * the same reading, accepts it, and refuses it under any other.
 */
class Pago46SignatureVariantsTest {

    private static final String KEY = "pk_test_7f3a";
    private static final String SECRET = "sk_test_Zq9!secret";
    private static final String DESCRIPTION = "Pago #12 de José O'Brien (mañana) ! *";
    private static final String BODY = "[{\"amount\":\"5.64\",\"bank_country_currency_id\":\"cc-9\",\"bank_transaction_id\":\"T1\","
            + "\"creation_date\":\"20250508\",\"description\":" + "\"Pago #12 de José O'Brien (mañana) ! *\"" + ",\"document_id\":\"V-12.345.678\","
            + "\"payment_method\":\"bank_transfer\"}]";
    private static final String FORM_DESCRIPTION = "Pago+%2312+de+Jos%C3%A9+O%27Brien+%28ma%C3%B1ana%29+%21+%2A";
    private static final String COMPONENT_DESCRIPTION = "Pago%20%2312%20de%20Jos%C3%A9%20O'Brien%20(ma%C3%B1ana)%20!%20*";

    private static String canonical(String date, String description) {
        return KEY + "&" + date + "&POST&%2FbulkTransaction&transactions[0][amount]=5.64&transactions[0][bank_country_currency_id]=cc-9"
                + "&transactions[0][bank_transaction_id]=T1&transactions[0][creation_date]=20250508&transactions[0][description]="
                + description + "&transactions[0][document_id]=V-12.345.678&transactions[0][payment_method]=bank_transfer";
    }

    /** printf '%s' "$CANONICAL" | openssl dgst -sha256 -hmac 'sk_test_Zq9!secret', for each of the four readings. */
    @ParameterizedTest(name = "{0} encoding, message-date in {1}")
    @CsvSource({
            "form,      milliseconds, 1746734569000, 9cc67775742b6e2d3f4ebc278065d406906c236dca2cb3fdd2a33d77cb3f5bf7",
            "form,      seconds,      1746734569,    a837028507238d2815ed1d52cb2fc2324887bf04fb6b40acc301dc72af2a3fda",
            "component, milliseconds, 1746734569000, f3835d1066c3313feb7e2e524c2d1e00297cf9b19efdfaffe8d9a954c53dcc8c",
            "component, seconds,      1746734569,    cceecbb3760c220768d6d42b448c9a0711032419854c3471ae927e3c95cd482b"})
    void eachReadingHasItsKnownAnswer(String encoding, String unit, long date, String expectedHash) throws Exception {
        String expected = canonical(Long.toString(date), encoding.equals("form") ? FORM_DESCRIPTION : COMPONENT_DESCRIPTION);

        String canonical = Pago46Signer.canonical(Scheme.PROVIDER, Encoding.of(encoding), KEY, date, "POST", "/bulkTransaction",
                BODY.getBytes(StandardCharsets.UTF_8));

        assertEquals(expected, canonical);
        assertEquals(expectedHash, Pago46Signer.hmacHex(SECRET, canonical));
        assertEquals(unit.equals("seconds") ? 10 : 13, Long.toString(DateUnit.of(unit).now()).length(),
                "message-date is Unix " + unit);
    }

    @ParameterizedTest(name = "{0} encoding, message-date in {1}")
    @CsvSource({"form, milliseconds", "form, seconds", "component, milliseconds", "component, seconds"})
    void aPayersFreeTextDescriptionIsAcceptedByPago46ReadingTheSameWayAndRefusedByAnyOther(String encoding, String unit)
            throws Exception {
        List<String[]> readings = List.of(new String[] {"form", "milliseconds"}, new String[] {"form", "seconds"},
                new String[] {"component", "milliseconds"}, new String[] {"component", "seconds"});
        byte[] body = Pago46Forwarder.body(new Batch(1, 1, List.of(new Registration("bancamiga:T1", "T1-" + encoding + unit, "5.64",
                "20250508", "V-12.345.678", "bank_transfer", "cc-9", Map.of("description", DESCRIPTION)))));
        for (String[] reading : readings) {
            Pago46Simulator pago46 = new Pago46Simulator(0, KEY, SECRET, "provider", reading[0], reading[1], Set.of("cc-9"));
            pago46.start();
            try {
                HttpResponse<String> answer = send(pago46, settings(encoding, unit, pago46.baseUrl()), body);
                boolean same = reading[0].equals(encoding) && reading[1].equals(unit);
                assertEquals(same ? 202 : 400, answer.statusCode(), "signed " + encoding + "/" + unit + ", PAGO46 reads "
                        + reading[0] + "/" + reading[1] + ": " + answer.body());
                if (!same) {
                    assertTrue(answer.body().contains("WRONG HASH"), answer.body());
                }
            } finally {
                pago46.stop();
            }
        }
    }

    @Test
    void unknownReadingsAreRefusedAtStartWithTheKeyNamed() {
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Encoding.of("rfc3986"))
                .getMessage().contains("pago46.signature.encoding"));
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> DateUnit.of("minutes"))
                .getMessage().contains("pago46.signature.date-unit"));
    }

    private static Pago46Settings settings(String encoding, String unit, String baseUrl) {
        DefaultCamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().setLocation("file:application.properties");
        context.getPropertiesComponent().addOverrideProperty("pago46.base-url", baseUrl);
        context.getPropertiesComponent().addOverrideProperty("pago46.provider-key", KEY);
        context.getPropertiesComponent().addOverrideProperty("pago46.provider-secret", SECRET);
        context.getPropertiesComponent().addOverrideProperty("pago46.signature.encoding", encoding);
        context.getPropertiesComponent().addOverrideProperty("pago46.signature.date-unit", unit);
        return Pago46Settings.from(new Settings(context.getPropertiesComponent()));
    }

    /** Signs the body as the forwarder does, with these settings, and posts it. */
    private static HttpResponse<String> send(Pago46Simulator pago46, Pago46Settings settings, byte[] body) throws Exception {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setBody(body);
        new Pago46Signer(settings).sign(exchange);
        HttpRequest request = HttpRequest.newBuilder(URI.create(pago46.baseUrl() + "/bulkTransaction"))
                .header("Content-Type", "application/json")
                .header("provider-key", exchange.getMessage().getHeader("provider-key", String.class))
                .header("message-date", exchange.getMessage().getHeader("message-date", String.class))
                .header("message-hash", exchange.getMessage().getHeader("message-hash", String.class))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
