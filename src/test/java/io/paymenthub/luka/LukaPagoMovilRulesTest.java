package io.paymenthub.luka;

import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.paymenthub.bancamiga.BankDirectory;
import io.paymenthub.events.Json;
import io.paymenthub.http.FieldError;
import io.paymenthub.http.HttpProblem;
import io.vertx.core.net.SocketAddress;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * POST /api/v1/luka/pago-movil's decisions without a runner (LukaPagoMovilTest drives the route against the simulator):
 * what a registration must look like, the trazaId and userIp it goes with, the movpay body, which answer is Luka's
 * "already registered", and how a failed call is put to the merchant.
 */
class LukaPagoMovilRulesTest {

    private static final String REQUEST = """
            {"codigoBancoPagador":"0105","telefonoPagador":"584125555555","numeroRerefencia":"123456","monto":"1.50",\
            "email":"cliente@example.com"}""";

    private final LukaPagoMovil luka = new LukaPagoMovil(null, null, null, null, BankDirectory.venezuela(), null);

    private LukaPagoMovil.PagoMovil parse(String json) {
        return parse(json, null, null, null);
    }

    private LukaPagoMovil.PagoMovil parse(String json, String userIp, String forwardedFor, Object peer) {
        return luka.validated(json.getBytes(StandardCharsets.UTF_8), userIp, forwardedFor, peer);
    }

    private List<FieldError> refused(String json) {
        return refused(json, null, null, null);
    }

    private List<FieldError> refused(String json, String userIp, String forwardedFor, Object peer) {
        HttpProblem problem = assertThrows(HttpProblem.class, () -> parse(json, userIp, forwardedFor, peer));
        assertEquals(400, problem.status());
        assertEquals("The Pago Móvil registration has invalid fields", problem.getMessage());
        return problem.errors();
    }

    private static String with(String field, String rawValue) {
        return REQUEST.replace("}", ",\"" + field + "\":" + rawValue + "}");
    }

    @Test
    void aRegistrationIsReadWithTheSeedsDefaultTipoAndATrazaIdDerivedFromThePayment() {
        LukaPagoMovil.PagoMovil r = parse(REQUEST);

        assertEquals(new LukaPagoMovil.PagoMovil(LukaPagoMovil.derivedTrazaId("0105", "584125555555", "123456", "R"), false,
                "0105", "584125555555", "123456", new BigDecimal("1.50"), "cliente@example.com", "R", null, null, null,
                "127.0.0.1"), r);
        assertEquals(r.trazaId(), parse(REQUEST).trazaId(), "a retry of the same request carries the same trazaId");
    }

    @Test
    void theMerchantsTrazaIdAndOptionalFieldsAreKept() {
        LukaPagoMovil.PagoMovil r = parse(REQUEST.replace("}", ",\"trazaId\":\"order-77.a\",\"tipo\":\"P\",\"nombrePagador\":\"Ana\","
                + "\"cedula\":\"V 12345678\",\"referencia\":\"pedido 77\"}"));

        assertEquals("order-77.a", r.trazaId());
        assertTrue(r.trazaIdGiven());
        assertEquals("P", r.tipo());
        assertEquals("Ana", r.nombrePagador());
        assertEquals("V 12345678", r.cedula());
        assertEquals("pedido 77", r.referencia());
        assertFalse(parse(with("trazaId", "\"\"")).trazaIdGiven(), "an empty trazaId is derived");
    }

    @Test
    void theAmountIsReadAsTextOrNumberWithTwoDecimals() {
        assertEquals(new BigDecimal("1.50"), parse(REQUEST.replace("\"1.50\"", "1.5")).amount());
        assertEquals(new BigDecimal("2.00"), parse(REQUEST.replace("\"1.50\"", "2")).amount());
        assertEquals(new BigDecimal("2.00"), parse(REQUEST.replace("\"1.50\"", "2.000")).amount(), "trailing zeros of a number");
        for (String amount : List.of("\"1,50\"", "0", "\"0.00\"", "-1", "1.505", "\"\"", "true")) {
            assertEquals(List.of(new FieldError("monto", "must be a positive amount with at most 2 decimals, e.g. 1.50 or \"1.50\"")),
                    refused(REQUEST.replace("\"1.50\"", amount)), amount);
        }
    }

    @Test
    void theReferenceIsTakenInTheSeedsSpellingOrTheCorrectOneButNotTwoDifferent() {
        assertEquals("123456", parse(REQUEST.replace("numeroRerefencia", "numeroReferencia")).reference());
        assertEquals("123456", parse(with("numeroReferencia", "\"123456\"")).reference(), "both, the same: fine");
        assertEquals(List.of(new FieldError("numeroRerefencia", "and numeroReferencia differ: send one of them")),
                refused(with("numeroReferencia", "\"654321\"")));
    }

    @Test
    void everyMissingRequiredFieldIsNamedAtOnce() {
        assertEquals(List.of(
                new FieldError("codigoBancoPagador", "is required: a 4-digit bank code, e.g. \"0105\""),
                new FieldError("telefonoPagador", "is required: 58 followed by 10 digits, e.g. \"584125555555\""),
                new FieldError("numeroRerefencia", "is required: the Pago Móvil reference (authorization code), 4 to 30 digits"),
                new FieldError("monto", "is required: a positive amount with at most 2 decimals, e.g. 1.50 or \"1.50\""),
                new FieldError("email", "is required: an e-mail address")), refused("{}"));
    }

    @Test
    void fieldsInAnotherShapeAreRefusedSayingWhatIsExpected() {
        assertEquals(List.of(
                new FieldError("codigoBancoPagador", "must be a 4-digit bank code, e.g. \"0105\", as a JSON string"),
                new FieldError("telefonoPagador", "must be 58 followed by 10 digits, e.g. \"584125555555\""),
                new FieldError("numeroRerefencia", "must be the Pago Móvil reference (authorization code), 4 to 30 digits"),
                new FieldError("email", "must be an e-mail address"),
                new FieldError("tipo", "must be R (received) or P (sent)"),
                new FieldError("trazaId", "must be 1 to 64 letters, digits or . _ : -")),
                refused("{\"codigoBancoPagador\":105,\"telefonoPagador\":\"04125555555\",\"numeroRerefencia\":\"123\","
                        + "\"monto\":\"1.50\",\"email\":\"cliente\",\"tipo\":\"X\",\"trazaId\":\"a b\"}"));
        assertEquals(List.of(new FieldError("nombrePagador", "must be a name")), refused(with("nombrePagador", "\"" + "a".repeat(101) + "\"")));
    }

    @Test
    void anUnknownBankIsRefused() {
        assertEquals(List.of(new FieldError("codigoBancoPagador", "is not a known Venezuelan bank code: 0999")),
                refused(REQUEST.replace("0105", "0999")));
    }

    @Test
    void theCustomersAddressIsTheUserIpHeaderElseTheFirstForwardedElseThePeer() throws Exception {
        SocketAddress peer = SocketAddress.inetSocketAddress(new InetSocketAddress("10.1.2.3", 40000));

        assertEquals("190.9.8.7", parse(REQUEST, " 190.9.8.7 ", "200.1.1.1", peer).userIp());
        assertEquals("2800:bf0::1", parse(REQUEST, "2800:bf0::1", null, peer).userIp());
        assertEquals("200.1.1.1", parse(REQUEST, null, "200.1.1.1, 10.0.0.1", peer).userIp());
        assertEquals("10.1.2.3", parse(REQUEST, "", "unknown, 200.1.1.1", peer).userIp(), "a first entry that is no address is skipped");
        assertEquals("127.0.0.1", parse(REQUEST, null, null, null).userIp());
        assertEquals(List.of(new FieldError("userIp", "header must be the customer's IPv4 or IPv6 address")),
                refused(REQUEST, "localhost", null, peer));
    }

    @Test
    void addressesAreParsedNeverLookedUp() {
        for (String ip : List.of("0.0.0.0", "255.255.255.255", "::1", "2800:bf0:8000::2", "::ffff:192.168.1.1")) {
            assertTrue(LukaPagoMovil.isIp(ip), ip);
        }
        for (String text : List.of("256.1.1.1", "1.2.3", "example.com", "localhost", "1.2.3.4:80", ":::", "")) {
            assertFalse(LukaPagoMovil.isIp(text), text);
        }
    }

    @Test
    void theTrazaIdIsTheSameForTheSamePaymentAndDiffersForAnother() {
        String traza = LukaPagoMovil.derivedTrazaId("0105", "584125555555", "123456", "R");

        assertEquals(traza, LukaPagoMovil.derivedTrazaId("0105", "584125555555", "123456", "R"));
        assertNotEquals(traza, LukaPagoMovil.derivedTrazaId("0105", "584125555555", "123456", "P"));
        assertNotEquals(traza, LukaPagoMovil.derivedTrazaId("0105", "584125555555", "123457", "R"));
        assertTrue(LukaFields.isTrazaId(traza), "one this runner could have sent");
    }

    @Test
    void theMovpayBodyHasTheSeedsFieldsInItsSpellingAndOptionalOnesOnlyWhenGiven() throws Exception {
        assertEquals("{\"codigoBancoPagador\":\"0105\",\"telefonoPagador\":\"584125555555\",\"numeroRerefencia\":\"123456\","
                + "\"monto\":1.50,\"email\":\"cliente@example.com\",\"trazaId\":\"t-1\",\"tipo\":\"R\"}",
                LukaPagoMovil.movpayBody(new LukaPagoMovil.PagoMovil("t-1", true, "0105", "584125555555", "123456",
                        new BigDecimal("1.50"), "cliente@example.com", "R", null, null, null, "127.0.0.1")));
        assertEquals("{\"nombrePagador\":\"Ana\",\"codigoBancoPagador\":\"0105\",\"telefonoPagador\":\"584125555555\","
                + "\"cedula\":\"V 1\",\"numeroRerefencia\":\"123456\",\"monto\":1.50,\"email\":\"a@b.co\",\"referencia\":\"r\","
                + "\"trazaId\":\"t-1\",\"tipo\":\"P\"}",
                LukaPagoMovil.movpayBody(new LukaPagoMovil.PagoMovil("t-1", true, "0105", "584125555555", "123456",
                        new BigDecimal("1.50"), "a@b.co", "P", "Ana", "V 1", "r", "127.0.0.1")));
    }

    @Test
    void lukasAlreadyRegisteredIsToldByItsWordsOnA400Or409() throws Exception {
        assertTrue(answer(400, "{\"mensaje\":\"El pago ya fue registrado\",\"codigo\":400}").isAlreadyRegistered());
        assertTrue(answer(409, "{\"Mensaje\":\"el pago YA HA SIDO REGISTRADO\"}").isAlreadyRegistered(), "any case, either wording");
        assertTrue(answer(400, "{\"mensaje\":\"Operación inválida: el pago ya fué registrado\"}").isAlreadyRegistered(), "accents aside");
        assertFalse(answer(400, "{\"mensaje\":\"Referencia no encontrada\"}").isAlreadyRegistered());
        assertFalse(answer(200, "{\"mensaje\":\"El pago ya fue registrado\"}").isAlreadyRegistered(), "only a refusal");
        assertFalse(answer(500, "{\"mensaje\":\"El pago ya fue registrado\"}").isAlreadyRegistered());
    }

    private static LukaAnswer answer(int status, String body) throws Exception {
        return new LukaAnswer(status, Json.MAPPER.readTree(body), body);
    }

    @Test
    void aFailedCallIsDescribedInWordsLookingThroughWrappers() {
        assertEquals("Luka did not answer in time", LukaPagoMovil.describe(new RuntimeException(new SocketTimeoutException("Read timed out"))));
        assertEquals("Luka could not be reached (its host refused the connection)",
                LukaPagoMovil.describe(new RuntimeException("wrapper", new ConnectException("Connection refused"))));
        assertEquals("Luka could not be reached (its host name could not be resolved)",
                LukaPagoMovil.describe(new UnknownHostException("luka.example")));
        assertEquals("Luka could not be reached (the connection failed)", LukaPagoMovil.describe(new java.io.IOException("reset")));
        assertEquals("Luka kept failing, so calls to it are paused for a few seconds", LukaPagoMovil.describe(
                new RuntimeException(CallNotPermittedException.createCallNotPermittedException(CircuitBreaker.ofDefaults("luka")))));
        assertEquals("boom", LukaPagoMovil.describe(new org.apache.camel.RuntimeCamelException(new IllegalStateException("boom"))),
                "Camel's wrapper says nothing: the failure itself does");
        assertEquals("IllegalStateException", LukaPagoMovil.describe(new IllegalStateException()));
        assertEquals("unknown error", LukaPagoMovil.describe(null));
    }
}
