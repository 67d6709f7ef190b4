package io.paymenthub.luka;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.paymenthub.bancamiga.BankDirectory;
import io.paymenthub.core.Failures;
import io.paymenthub.events.Json;
import io.paymenthub.http.FieldError;
import io.paymenthub.http.HttpProblem;
import io.paymenthub.http.MerchantApiKeys;
import io.paymenthub.http.NetworkFailures;
import io.paymenthub.luka.LukaTransactions.Row;
import io.paymenthub.partner.PartnerError;
import io.paymenthub.store.PaymentStore;
import io.vertx.core.net.SocketAddress;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/luka/pago-movil} (routes/luka-pago-movil.camel.yaml): validates the merchant's request
 * (the seed's fields), takes its trazaId, and turns Luka's answer into the normalized result: 200 with
 * APPROVED, PENDING or REJECTED, 409 when Luka already has the payment, 400 when Luka refuses it, 502 when
 * Luka gives no usable answer.
 *
 * <p>Identity: a registration is known by its trazaId until Luka assigns a TransaccionId, and the payment by
 * {@code luka:<TransaccionId>} after. A trazaId the merchant does not send is derived from the payment itself
 * (bank, phone, reference, tipo), so a retry of the same request carries the same trazaId.
 */
public final class LukaPagoMovil {

    /** The merchant's request, validated. {@code trazaIdGiven}: false when we derived it. */
    public record PagoMovil(String trazaId, boolean trazaIdGiven, String bank, String phone, String reference,
                            BigDecimal amount, String email, String tipo, String nombrePagador, String cedula,
                            String referencia, String userIp) {
    }

    public static final String REQUEST = "lukaPagoMovil";
    public static final String ROW = "lukaRegistration";
    static final String CLAIM = "lukaClaim";

    private static final Logger LOG = LoggerFactory.getLogger(LukaPagoMovil.class);
    private static final Pattern BANK = Pattern.compile("\\d{4}");
    private static final Pattern PHONE = Pattern.compile("58\\d{10}");
    private static final Pattern REFERENCE = Pattern.compile("\\d{4,30}");
    private static final Pattern AMOUNT = Pattern.compile("\\d{1,15}(\\.\\d{1,2})?");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern TRAZA = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Pattern IPV4 = Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private final LukaSettings settings;
    private final LukaTransactions transactions;
    private final PaymentStore store;
    private final LukaPayments payments;
    private final BankDirectory banks;
    private final Clock clock;

    public LukaPagoMovil(LukaSettings settings, LukaTransactions transactions, PaymentStore store, LukaPayments payments,
                         BankDirectory banks, Clock clock) {
        this.settings = settings;
        this.transactions = transactions;
        this.store = store;
        this.payments = payments;
        this.banks = banks;
        this.clock = clock;
    }

    /** Luka not configured: a clear 503 rather than a call that cannot work. */
    public void requireEnabled() {
        if (!settings.enabled()) {
            throw HttpProblem.of(503, "Luka is not configured: set " + String.join(", ", settings.missing())
                    + " (or start with sandbox.enabled=true to try it against the built-in simulator)", Map.of());
        }
    }

    // ---- validate ---------------------------------------------------------------------------------

    /** {@link #parse}, the request also kept as the exchange property {@value #REQUEST} for the later steps. */
    public PagoMovil readRequest(byte[] body, Exchange exchange) {
        PagoMovil request = parse(body, exchange);
        exchange.setProperty(REQUEST, request);
        return request;
    }

    public PagoMovil parse(byte[] body, Exchange exchange) {
        return validated(body, exchange.getMessage().getHeader("userIp", String.class),
                exchange.getMessage().getHeader("X-Forwarded-For", String.class),
                exchange.getMessage().getHeader(VertxPlatformHttpConstants.REMOTE_ADDRESS));
    }

    /** {@link #parse} from the body and the caller's {@code userIp} and {@code X-Forwarded-For} headers and peer address. */
    PagoMovil validated(byte[] body, String userIpHeader, String forwardedFor, Object peer) {
        JsonNode root = io.paymenthub.http.JsonRequests.object(body);
        List<FieldError> errors = new ArrayList<>();
        String bank = text(root, "codigoBancoPagador", true, BANK, "a 4-digit bank code, e.g. \"0105\"", 4, errors);
        String phone = text(root, "telefonoPagador", true, PHONE, "58 followed by 10 digits, e.g. \"584125555555\"", 12, errors);
        String reference = reference(root, errors);
        BigDecimal amount = amount(root, errors);
        String email = text(root, "email", true, EMAIL, "an e-mail address", 254, errors);
        String tipo = text(root, "tipo", false, Pattern.compile("[RP]"), "R (received) or P (sent)", 1, errors);
        String nombre = text(root, "nombrePagador", false, null, "a name", 100, errors);
        String cedula = text(root, "cedula", false, null, "an identity document, e.g. \"V 12345678\"", 20, errors);
        String referencia = text(root, "referencia", false, null, "a text", 100, errors);
        String trazaId = text(root, "trazaId", false, TRAZA, "1 to 64 letters, digits or . _ : -", 64, errors);
        if (bank != null && banks.name(bank).isEmpty()) {
            errors.add(new FieldError("codigoBancoPagador", "is not a known Venezuelan bank code: " + bank));
        }
        String userIp = userIp(userIpHeader, forwardedFor, peer, errors);
        if (!errors.isEmpty()) {
            throw HttpProblem.badRequest("The Pago Móvil registration has invalid fields", errors);
        }
        tipo = tipo == null ? "R" : tipo; // the seed's default
        boolean given = trazaId != null && !trazaId.isEmpty();
        if (!given) {
            trazaId = derivedTrazaId(bank, phone, reference, tipo);
        }
        return new PagoMovil(trazaId, given, bank, phone, reference, amount, email, tipo, nombre, cedula, referencia, userIp);
    }

    /** The same payment always gets the same trazaId: a name-based UUID of what identifies it. */
    static String derivedTrazaId(String bank, String phone, String reference, String tipo) {
        String name = "luka|pago-movil|" + bank + "|" + phone + "|" + reference + "|" + tipo;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    // ---- send ---------------------------------------------------------------------------------------

    /**
     * Takes the trazaId: true when this request sends it to Luka (the request is put in place), false when
     * Luka already registered it, or another request is sending it right now.
     */
    public boolean claim(@ExchangeProperty(REQUEST) PagoMovil r, @ExchangeProperty(MerchantApiKeys.KEY_ID) String apiKeyId,
                         Exchange exchange) throws SQLException {
        Instant now = clock.instant();
        String body = movpayBody(r);
        LukaTransactions.Claim claim = transactions.claim(new LukaTransactions.Registration(r.trazaId(), r.bank(), r.phone(),
                r.reference(), r.amount(), r.userIp(), body, apiKeyId), now, now.plus(settings.inFlight), now.plus(settings.pendingAfter));
        exchange.setProperty(CLAIM, claim);
        exchange.setProperty(ROW, transactions.byTraza(r.trazaId()));
        if (claim != LukaTransactions.Claim.SEND) {
            return false;
        }
        exchange.setProperty(LukaRequest.PROPERTY, new LukaRequest("POST", LukaApi.MOVPAY_PATH, null, body, r.userIp()));
        return true;
    }

    /** The seed's body; optional fields only when the merchant gave them. */
    static String movpayBody(PagoMovil r) {
        Map<String, Object> body = new LinkedHashMap<>();
        putIfGiven(body, "nombrePagador", r.nombrePagador());
        body.put("codigoBancoPagador", r.bank());
        body.put("telefonoPagador", r.phone());
        putIfGiven(body, "cedula", r.cedula());
        body.put("numeroRerefencia", r.reference()); // sic: the partner's spelling
        body.put("monto", r.amount());
        body.put("email", r.email());
        putIfGiven(body, "referencia", r.referencia());
        body.put("trazaId", r.trazaId());
        body.put("tipo", r.tipo());
        return json(body);
    }

    // ---- answer -------------------------------------------------------------------------------------

    /** Luka's answer to the registration: stored, then answered (200 or 409); a refusal is a 400. */
    public String answered(LukaAnswer answer, @ExchangeProperty(REQUEST) PagoMovil r, @ExchangeProperty(ROW) Row row,
                           Exchange exchange) throws SQLException {
        Instant now = clock.instant();
        if (answer.isAlreadyRegistered()) {
            return alreadyRegistered(answer, r, row, exchange, now);
        }
        if (answer.isSuccess()) {
            LukaStatus.Normalized n = LukaStatus.normalize(answer.json());
            if (n.transaccionId() == null) {
                if (LukaStatus.REJECTED.equals(n.status())) {
                    // refused before anything was registered: no payment identity, so no event; the merchant hears it here
                    transactions.refused(row.id(), answer.text(), n.reason(), now);
                    return respond(exchange, 200, result(r.trazaId(), null, LukaStatus.REJECTED, n.reason(), r.amount(), r.reference(), n));
                }
                throw LukaAnswer.error(PartnerError.Kind.UNEXPECTED, answer.status(),
                        "Luka answered " + n.status() + " without a TransaccionId", answer);
            }
            String stored = record(row, n, answer.json(), answer.text(), "api", now);
            return respond(exchange, 200, result(r.trazaId(), n.transaccionId(), stored, reasonFor(stored, n, row),
                    r.amount(), r.reference(), n));
        }
        if (answer.status() == 400 || answer.status() == 409 || answer.status() == 422) {
            String mensaje = answer.mensaje().isEmpty() ? answer.describe() : answer.mensaje();
            transactions.refused(row.id(), answer.text(), "Luka refused it: " + mensaje, now);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("trazaId", r.trazaId());
            details.putAll(LukaAnswer.details(answer.partnerError()));
            throw HttpProblem.of(400, "Luka refused the payment: " + mensaje, details);
        }
        throw LukaAnswer.error(PartnerError.Kind.UNEXPECTED, answer.status(), "Luka answered the registration with "
                + answer.describe() + (answer.status() == 404 ? "; check luka.base-url" : ""), answer);
    }

    /**
     * Stores Luka's normalized answer as the payment's status (with its event), then on the registration row.
     * Should the runner stop in between, the row is still due for a check, which records the same again.
     */
    private String record(Row row, LukaStatus.Normalized n, JsonNode answer, String answerText, String via, Instant now)
            throws SQLException {
        Instant next = n.isFinal() ? null : settings.nextCheck(now, now);
        store.recordStatus(payments.payment(row, n.transaccionId(), n.status(), answer, via));
        transactions.registered(row.id(), n.transaccionId(), answerText, n.reason(), next, now);
        return store.status(LukaPayments.PROVIDER, n.transaccionId());
    }

    private String alreadyRegistered(LukaAnswer answer, PagoMovil r, Row row, Exchange exchange, Instant now) throws SQLException {
        Row known = transactions.registeredFor(r.bank(), r.phone(), r.reference());
        Map<String, Object> body = new LinkedHashMap<>();
        if (known != null) {
            transactions.refused(row.id(), answer.text(), "Luka already has this payment, as luka:" + known.transaccionId(), now);
            body.put("message", "Luka already has this payment (el pago ya fue registrado): it is luka:" + known.transaccionId());
            body.put("transaction", known(known));
        } else {
            // possibly our own earlier attempt whose answer was lost: the poller looks it up by its authorization code
            transactions.unconfirmed(row.id(), "Luka says the payment was already registered: " + answer.mensaje(), now, now);
            body.put("message", "Luka already has this payment (el pago ya fue registrado), but not through this runner"
                    + " as far as it knows; it asks Luka for it (GET pagodiferido) and publishes its status once found");
            body.put("transaction", null);
        }
        body.put("trazaId", r.trazaId());
        body.putAll(LukaAnswer.details(answer.partnerError()));
        return respond(exchange, 409, body);
    }

    /** The trazaId is already registered with Luka (409 with it), or being sent right now (409, try again). */
    public String alreadyClaimed(@ExchangeProperty(CLAIM) LukaTransactions.Claim claim, @ExchangeProperty(REQUEST) PagoMovil r,
                                 @ExchangeProperty(ROW) Row row, Exchange exchange) throws SQLException {
        Map<String, Object> body = new LinkedHashMap<>();
        if (claim == LukaTransactions.Claim.KNOWN) {
            body.put("message", "This registration (trazaId " + r.trazaId() + ") is already registered with Luka as luka:"
                    + row.transaccionId() + "; to register another payment, send another reference or trazaId");
            body.put("transaction", known(row));
        } else {
            body.put("message", "This registration (trazaId " + r.trazaId() + ") is being sent to Luka by another request"
                    + " right now; ask again in a few seconds for its result");
            body.put("transaction", null);
        }
        body.put("trazaId", r.trazaId());
        return respond(exchange, 409, body);
    }

    /** The result for a registration Luka assigned a TransaccionId, as stored now. */
    private Map<String, Object> known(Row row) throws SQLException {
        String status = store.status(LukaPayments.PROVIDER, row.transaccionId());
        LukaStatus.Normalized n = null;
        try {
            JsonNode last = row.lastAnswer() == null ? null : Json.MAPPER.readTree(row.lastAnswer());
            n = LukaStatus.isTransaction(last) ? LukaStatus.normalize(last) : null;
        } catch (JsonProcessingException e) {
            // only Luka's own fields are missing from the answer then
        }
        return result(row.trazaId(), row.transaccionId(), status == null ? LukaStatus.PENDING : status,
                row.statusReason(), row.amount(), row.reference(), n);
    }

    /**
     * Luka gave no usable answer (unreachable, time-out, 5xx, refused our credentials, unreadable): the
     * caller gets 502 with Luka's mensaje when there was one; the registration is left for the poller.
     */
    public void partnerFailed(Exchange exchange) throws SQLException {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        PagoMovil r = exchange.getProperty(REQUEST, PagoMovil.class);
        Row row = exchange.getProperty(ROW, Row.class);
        String reason = describe(cause);
        Instant now = clock.instant();
        if (row != null) {
            transactions.unconfirmed(row.id(), reason, now.plus(settings.pendingAfter), now);
        }
        // the incident is logged once by the HTTP error responder (the 502 below), not once per registration
        LOG.debug("Luka registration {} got no usable answer: {}", r == null ? "?" : r.trazaId(), reason);
        Map<String, Object> details = new LinkedHashMap<>();
        if (r != null) {
            details.put("trazaId", r.trazaId());
        }
        PartnerError error = partnerError(cause);
        if (error != null) {
            details.putAll(LukaAnswer.details(error.details()));
        }
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, HttpProblem.of(502, "Luka did not confirm the registration: "
                + reason + ". Nothing is lost: the runner asks Luka about it and publishes its status once known;"
                + " sending the same request again is safe (same trazaId, and Luka refuses a second registration of a payment)", details));
    }

    /** What went wrong with a call to Luka, in a sentence (the cause is looked for through Camel's wrappers). */
    static String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getClass().getName().endsWith("CallNotPermittedException")) {
                return "Luka kept failing, so calls to it are paused for a few seconds";
            }
            if (t instanceof PartnerError) {
                return t.getMessage();
            }
            if (t instanceof java.net.SocketTimeoutException) {
                return "Luka did not answer in time";
            }
            if (t instanceof java.io.IOException) {
                String words = NetworkFailures.inWords(t);
                return "Luka could not be reached (" + (words == null ? "the connection failed" : words) + ")";
            }
        }
        Throwable root = Failures.rootOf(failure); // Camel's wrapper says nothing: the failure itself does
        return root == null ? "unknown error" : root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static PartnerError partnerError(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PartnerError e) {
                return e;
            }
        }
        return null;
    }

    // ---- the normalized result ----------------------------------------------------------------------

    private Map<String, Object> result(String trazaId, String transaccionId, String status, String reason, BigDecimal amount,
                                       String reference, LukaStatus.Normalized n) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("status", status);
        result.put("paymentId", transaccionId == null ? null : LukaPayments.PROVIDER + ":" + transaccionId);
        result.put("transaccionId", transaccionId);
        result.put("trazaId", trazaId);
        result.put("amount", amount == null ? null : amount.setScale(2).toPlainString());
        result.put("currency", "VES");
        result.put("reference", reference);
        if (reason != null) {
            result.put("statusReason", reason);
        }
        result.put("message", message(status, reason));
        if (n != null) {
            Map<String, Object> luka = new LinkedHashMap<>();
            luka.put("exitoso", n.exitoso());
            luka.put("estatusProcesamiento", n.estatus());
            luka.put("descripcion", n.descripcion());
            result.put("luka", luka);
        }
        return result;
    }

    private static String reasonFor(String stored, LukaStatus.Normalized n, Row row) {
        return stored != null && stored.equals(n.status()) ? n.reason() : row.statusReason();
    }

    private String message(String status, String reason) {
        return switch (status) {
            case LukaStatus.APPROVED -> "Luka confirmed the payment";
            case LukaStatus.PENDING -> "Luka registered the payment and is still verifying it with the bank (it re-checks"
                    + " for about 10 minutes, then reviews it by hand); the final status is published as payment.status-changed";
            case LukaStatus.REJECTED -> "Luka rejected the payment" + (reason == null ? "" : ": " + reason);
            case LukaStatus.EXPIRED -> "No final status came from Luka in time" + (reason == null ? "" : ": " + reason);
            default -> "Status " + status;
        };
    }

    private static String respond(Exchange exchange, int status, Map<String, Object> body) {
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        return json(body);
    }

    // ---- field rules --------------------------------------------------------------------------------

    private static String reference(JsonNode root, List<FieldError> errors) {
        JsonNode sic = root.get("numeroRerefencia");
        JsonNode plain = root.get("numeroReferencia");
        if (sic != null && plain != null && !sic.equals(plain)) {
            errors.add(new FieldError("numeroRerefencia", "and numeroReferencia differ: send one of them"));
            return null;
        }
        String field = sic != null || plain == null ? "numeroRerefencia" : "numeroReferencia";
        return text(root, field, true, REFERENCE, "the Pago Móvil reference (authorization code), 4 to 30 digits", 30, errors);
    }

    private static BigDecimal amount(JsonNode root, List<FieldError> errors) {
        JsonNode node = root.get("monto");
        String expected = "a positive amount with at most 2 decimals, e.g. 1.50 or \"1.50\"";
        if (node == null || node.isNull()) {
            errors.add(new FieldError("monto", "is required: " + expected));
            return null;
        }
        String text = node.isNumber() ? node.decimalValue().toPlainString() : node.isTextual() ? node.asText() : "";
        if (node.isNumber() && text.contains(".")) {
            text = text.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        if (!AMOUNT.matcher(text).matches() || new BigDecimal(text).signum() <= 0) {
            errors.add(new FieldError("monto", "must be " + expected));
            return null;
        }
        return new BigDecimal(text).setScale(2);
    }

    private static String text(JsonNode root, String field, boolean required, Pattern format, String expected, int maxLength,
                               List<FieldError> errors) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull() || node.isTextual() && node.asText().isEmpty() && !required) {
            if (required) {
                errors.add(new FieldError(field, "is required: " + expected));
            }
            return null;
        }
        if (!node.isTextual()) {
            errors.add(new FieldError(field, "must be " + expected + ", as a JSON string"));
            return null;
        }
        String value = node.asText().trim();
        if (value.isEmpty() || value.length() > maxLength || format != null && !format.matcher(value).matches()) {
            errors.add(new FieldError(field, "must be " + expected));
            return null;
        }
        return value;
    }

    /**
     * The customer's address, sent to Luka as {@code userIp}: the caller's {@code userIp} header, else the first
     * {@code X-Forwarded-For} entry, else the connection's peer.
     */
    private static String userIp(String given, String forwarded, Object peer, List<FieldError> errors) {
        if (given != null && !given.isBlank()) {
            String ip = given.trim();
            if (!isIp(ip)) {
                errors.add(new FieldError("userIp", "header must be the customer's IPv4 or IPv6 address"));
                return null;
            }
            return ip;
        }
        if (forwarded != null && !forwarded.isBlank()) {
            String first = forwarded.split(",")[0].trim();
            if (isIp(first)) {
                return first;
            }
        }
        if (peer instanceof SocketAddress address && address.hostAddress() != null) {
            return address.hostAddress();
        }
        return "127.0.0.1";
    }

    static boolean isIp(String text) {
        if (IPV4.matcher(text).matches()) {
            return true;
        }
        if (!text.contains(":") || !IPV6.matcher(text).matches()) {
            return false;
        }
        try {
            return InetAddress.getByName(text) != null; // an IPv6 literal: parsed, never looked up
        } catch (Exception e) {
            return false;
        }
    }

    private static void putIfGiven(Map<String, Object> body, String field, String value) {
        if (value != null) {
            body.put(field, value);
        }
    }

    private static String json(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
