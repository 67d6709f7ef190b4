package io.paymenthub.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.paymenthub.events.Json;

/**
 * Luka's API as the seed describes it: login answering a JWT in the header {@code token} (with an {@code exp};
 * an expired or revoked token is answered 401), {@code bancamiga.movpay} with the seed's validations and its
 * outcomes (success, pending then success or rejected, rejected, "el pago ya fue registrado"), the polling
 * endpoint {@code pagodiferido}, and webhook delivery of final states. Errors have Luka's shape
 * {@code {"mensaje","codigo","continua","mensajeId"}}.
 *
 * <p>The outcome of a registration is chosen per reference by a test ({@link #scenario}), or else by the
 * reference's last digit (the sandbox's rule, listed in docs/partners.md, The partners in the sandbox): 0–3 approved, 4–5 pending then approved
 * (webhook), 6 pending then rejected (webhook), 7 pending then approved (no webhook: found by polling),
 * 8 rejected, 9 pending for ever (manual review never ends: the runner expires it).
 */
public final class LukaSimulator extends PartnerSimulator {

    /** What Luka does with a registration. */
    public enum Scenario {
        APPROVED(false, "success", false),
        REJECTED(false, "rejected", false),
        PENDING_THEN_APPROVED(true, "success", true),
        PENDING_THEN_REJECTED(true, "rejected", true),
        PENDING_THEN_APPROVED_WITHOUT_WEBHOOK(true, "success", false),
        PENDING_FOREVER(true, null, false),
        /** In manual review, in Luka's own words ("Pendiente por revisión", neither success nor pending), then approved by webhook. */
        IN_REVIEW_THEN_APPROVED(true, "success", true, "Pendiente por revisión"),
        /** Pending until {@link #resolve} is called (after the runner gave up on it: EXPIRED), then approved by webhook. */
        APPROVED_AFTER_EXPIRY(true, "success", true);

        final boolean pendingFirst;
        final String finalStatus;
        final boolean webhook;
        /** The EstatusProcesamiento while pending. */
        final String pendingWording;

        Scenario(boolean pendingFirst, String finalStatus, boolean webhook) {
            this(pendingFirst, finalStatus, webhook, "pending");
        }

        Scenario(boolean pendingFirst, String finalStatus, boolean webhook, String pendingWording) {
            this.pendingFirst = pendingFirst;
            this.finalStatus = finalStatus;
            this.webhook = webhook;
            this.pendingWording = pendingWording;
        }

        static Scenario byLastDigit(String reference) {
            return switch (reference.charAt(reference.length() - 1)) {
                case '4', '5' -> PENDING_THEN_APPROVED;
                case '6' -> PENDING_THEN_REJECTED;
                case '7' -> PENDING_THEN_APPROVED_WITHOUT_WEBHOOK;
                case '8' -> REJECTED;
                case '9' -> PENDING_FOREVER;
                default -> APPROVED;
            };
        }
    }

    /** A fault to play instead of the normal answer. */
    public enum Fault {
        /** HTTP 500 "ocurrió un error inesperado". */
        SERVER_ERROR,
        /** 401 even for a valid token (Luka revoked it early). */
        UNAUTHORIZED,
        /** Registers the payment, then answers only after {@link #slowAnswerDelay}: the caller's time-out loses the answer. */
        REGISTER_THEN_SLOW,
        /** 400 "la moneda no está soportada". */
        CURRENCY_NOT_SUPPORTED,
        /** Answers only after {@link #slowAnswerDelay}, with a 500, having registered nothing. */
        SLOW,
        /** HTTP 200 whose body is Luka's error shape with codigo 500: nothing registered. */
        ERROR_CODE_IN_200,
        /** Registers the payment, then answers HTTP 200 with a body cut short (not JSON). */
        MALFORMED_JSON
    }

    public static final String LOGIN = "/api/v1/servicio/login";
    public static final String MOVPAY = "/api/v1/Transaccion/bancamiga.movpay";
    public static final String DEFERRED = "/api/v1/transaccion/pagodiferido";

    private static final ZoneOffset VENEZUELA = ZoneOffset.ofHours(-4);

    /** One registered transaction. */
    private static final class Tx {
        final long id;
        final String trazaId;
        final JsonNode request;
        final Scenario scenario;
        final Instant resolveAt;
        volatile String status;
        volatile boolean exitoso;
        volatile String descripcion;

        Tx(long id, String trazaId, JsonNode request, Scenario scenario, Instant resolveAt) {
            this.id = id;
            this.trazaId = trazaId;
            this.request = request;
            this.scenario = scenario;
            this.resolveAt = resolveAt;
        }
    }

    private final String username;
    private final String password;
    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
    private final List<String> issued = new CopyOnWriteArrayList<>();
    private final Map<Long, Tx> transactions = new ConcurrentHashMap<>();
    private final Map<String, Long> byPayment = new ConcurrentHashMap<>();
    private final Map<String, Scenario> scenarios = new ConcurrentHashMap<>();
    private final Map<String, Deque<Fault>> faults = new ConcurrentHashMap<>();
    private final Map<Long, AtomicInteger> polls = new ConcurrentHashMap<>();
    private final List<String> userIps = new CopyOnWriteArrayList<>();
    private final List<Integer> webhookAnswers = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong(900_000);
    private final AtomicInteger logins = new AtomicInteger();
    private final AtomicInteger refusedTokens = new AtomicInteger();
    private final AtomicInteger movpayCalls = new AtomicInteger();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService resolver = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "luka-simulator-resolver");
        t.setDaemon(true);
        return t;
    });
    private volatile Duration tokenLifetime = Duration.ofHours(4);
    private volatile Duration resolveAfter = Duration.ofSeconds(30);
    private volatile Duration slowAnswerDelay = Duration.ofSeconds(20);
    private volatile String webhookUrl;
    private volatile String webhookSecret;

    public LukaSimulator(String username, String password) {
        this(0, username, password);
    }

    public LukaSimulator(int port, String username, String password) {
        super("luka", port);
        this.username = username;
        this.password = password;
        route(LOGIN, this::login);
        route(MOVPAY, this::movpay);
        route(DEFERRED, this::deferred);
    }

    @Override
    protected void doStart() {
        super.doStart();
        resolver.scheduleWithFixedDelay(this::resolveDue, 100, 100, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        resolver.shutdownNow();
        super.doStop();
    }

    // ---- what a test or the sandbox sets up -------------------------------------------------------

    public LukaSimulator tokenLifetime(Duration lifetime) {
        this.tokenLifetime = lifetime;
        return this;
    }

    /** How long a pending payment stays pending before its final state (PENDING_FOREVER aside). */
    public LukaSimulator resolveAfter(Duration after) {
        this.resolveAfter = after;
        return this;
    }

    public LukaSimulator slowAnswerDelay(Duration delay) {
        this.slowAnswerDelay = delay;
        return this;
    }

    /** Where final states are posted, with {@code Authorization: Bearer <secret>} (null: no webhooks). */
    public LukaSimulator webhookTo(String url, String secret) {
        this.webhookUrl = url;
        this.webhookSecret = secret;
        return this;
    }

    /** What Luka does with a payment of this reference (instead of the last-digit rule). */
    public void scenario(String reference, Scenario scenario) {
        scenarios.put(reference, scenario);
    }

    /** The next {@code times} calls to {@code path} get this fault. */
    public void failNext(String path, Fault fault, int times) {
        Deque<Fault> queue = faults.computeIfAbsent(path, p -> new ArrayDeque<>());
        synchronized (queue) {
            queue.clear();
            for (int i = 0; i < times; i++) {
                queue.add(fault);
            }
        }
    }

    /** Luka revokes every token it issued (they are answered 401 from now on). */
    public void expireAllTokens() {
        tokens.replaceAll((token, expiry) -> Instant.now().minusSeconds(1));
    }

    /** A payment registered with Luka by some other channel than this runner (e.g. Luka's own checkout); returns its TransaccionId. */
    public long registerElsewhere(String reference, String amount, Scenario scenario) {
        ObjectNode request = Json.MAPPER.createObjectNode();
        request.put("codigoBancoPagador", "0134");
        request.put("telefonoPagador", "584140000099");
        request.put("numeroRerefencia", reference);
        request.put("monto", new java.math.BigDecimal(amount));
        request.put("email", "elsewhere@example.com");
        request.put("tipo", "R");
        Tx tx = new Tx(ids.incrementAndGet(), "elsewhere-" + reference, request, scenario, Instant.now().plus(resolveAfter));
        if (scenario.pendingFirst) {
            tx.status = scenario.pendingWording;
            tx.exitoso = true;
            tx.descripcion = "Pago pendiente por revisión";
        } else {
            settle(tx);
        }
        transactions.put(tx.id, tx);
        return tx.id;
    }

    /** Settles a pending payment now with its scenario's final state; delivers the webhook if the scenario does and one is set. */
    public void resolve(long transaccionId) {
        Tx tx = transactions.get(transaccionId);
        if (tx != null && resolve(tx) && tx.scenario.webhook && webhookUrl != null) {
            deliver(tx);
        }
    }

    /** Settles a pending payment now without any webhook (a test then delivers it, e.g. racing a poll). */
    public void resolveSilently(long transaccionId) {
        Tx tx = transactions.get(transaccionId);
        if (tx != null) {
            resolve(tx);
        }
    }

    /** Posts the transaction's current state as Luka's webhook would; returns the HTTP status. */
    public int deliverWebhook(String url, String secret, long transaccionId) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + secret)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(answer(transactions.get(transaccionId)).toString())).build();
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    // ---- what a test reads -------------------------------------------------------------------------

    public int logins() {
        return logins.get();
    }

    /** Calls answered 401 because the token was expired, revoked or unknown. */
    public int refusedTokens() {
        return refusedTokens.get();
    }

    public int movpayCalls() {
        return movpayCalls.get();
    }

    public int polls(long transaccionId) {
        AtomicInteger n = polls.get(transaccionId);
        return n == null ? 0 : n.get();
    }

    /** The transaction registered for this reference, or null. */
    public Long transaccionIdOf(String reference) {
        return transactions.values().stream().filter(t -> t.request.path("numeroRerefencia").asText().equals(reference))
                .map(t -> t.id).findFirst().orElse(null);
    }

    /** The trazaId Luka received with this reference, or null. */
    public String trazaIdOf(String reference) {
        Long id = transaccionIdOf(reference);
        return id == null ? null : transactions.get(id).trazaId;
    }

    public List<String> userIps() {
        return List.copyOf(userIps);
    }

    /** Statuses the runner answered to the webhooks the simulator delivered by itself. */
    public List<Integer> webhookAnswers() {
        return List.copyOf(webhookAnswers);
    }

    public List<String> issuedTokens() {
        return List.copyOf(issued);
    }

    // ---- the API -----------------------------------------------------------------------------------

    private void login(HttpExchange ex) throws IOException {
        if (!"POST".equals(ex.getRequestMethod())) {
            error(ex, 405, "método no permitido");
            return;
        }
        JsonNode body = read(ex);
        if (body == null || !username.equals(body.path("Username").asText(null)) || !password.equals(body.path("Password").asText(null))) {
            error(ex, 401, "acceso no autorizado");
            return;
        }
        Instant expires = Instant.now().plus(tokenLifetime);
        String token = jwt(expires);
        tokens.put(token, expires);
        issued.add(token);
        logins.incrementAndGet();
        ex.getResponseHeaders().set("token", token);
        ex.sendResponseHeaders(200, -1);
    }

    private void movpay(HttpExchange ex) throws IOException {
        movpayCalls.incrementAndGet();
        if (!authorized(ex)) {
            return;
        }
        Fault fault = fault(ex);
        if (fault == Fault.SERVER_ERROR) {
            error(ex, 500, "ocurrió un error inesperado");
            return;
        }
        if (fault == Fault.CURRENCY_NOT_SUPPORTED) {
            error(ex, 400, "la moneda no está soportada");
            return;
        }
        if (fault == Fault.SLOW) {
            body(ex); // received, then slow to answer
            pause(slowAnswerDelay);
            error(ex, 500, "ocurrió un error inesperado");
            return;
        }
        if (fault == Fault.ERROR_CODE_IN_200) {
            error(ex, 200, 500, "ocurrió un error inesperado");
            return;
        }
        JsonNode body = read(ex);
        if (body == null) {
            error(ex, 400, "el cuerpo de la solicitud no es válido");
            return;
        }
        if (!body.path("codigoBancoPagador").asText("").matches("\\d{4}")) {
            error(ex, 400, "el código del banco es incorrecto");
            return;
        }
        if (!body.path("telefonoPagador").asText("").matches("58\\d{10}")) {
            error(ex, 400, "el número de teléfono no tiene el formato correcto");
            return;
        }
        String reference = body.path("numeroRerefencia").asText("");
        if (reference.isEmpty() || !body.path("monto").isNumber() || body.path("email").asText("").isEmpty()
                || !body.path("tipo").asText("R").matches("[RP]")) {
            error(ex, 400, "faltan campos obligatorios o tienen un formato incorrecto");
            return;
        }
        String key = body.path("codigoBancoPagador").asText() + "|" + body.path("telefonoPagador").asText() + "|" + reference;
        Tx tx;
        synchronized (byPayment) {
            if (byPayment.containsKey(key)) {
                error(ex, 400, "el pago ya fue registrado");
                return;
            }
            Scenario scenario = scenarios.getOrDefault(reference, Scenario.byLastDigit(reference));
            String traza = body.path("trazaId").asText("");
            tx = new Tx(ids.incrementAndGet(), traza.isEmpty() ? UUID.randomUUID().toString().substring(0, 12) : traza,
                    body, scenario, Instant.now().plus(resolveAfter));
            if (scenario.pendingFirst) {
                tx.status = scenario.pendingWording;
                tx.exitoso = true;
                tx.descripcion = "Pago pendiente por revisión: la referencia no se encontró todavía en el banco";
            } else {
                settle(tx);
            }
            transactions.put(tx.id, tx);
            byPayment.put(key, tx.id);
        }
        if (fault == Fault.REGISTER_THEN_SLOW) {
            pause(slowAnswerDelay);
        }
        if (fault == Fault.MALFORMED_JSON) {
            String whole = answer(tx).toString();
            answer(ex, 200, whole.substring(0, whole.length() / 2));
            return;
        }
        answer(ex, 200, answer(tx).toString());
    }

    private void deferred(HttpExchange ex) throws IOException {
        if (!authorized(ex)) {
            return;
        }
        if (fault(ex) == Fault.SERVER_ERROR) {
            error(ex, 500, "ocurrió un error inesperado");
            return;
        }
        Map<String, String> query = query(ex.getRequestURI().getRawQuery());
        Tx found = null;
        if (query.containsKey("transaccionId")) {
            try {
                found = transactions.get(Long.parseLong(query.get("transaccionId")));
            } catch (NumberFormatException e) {
                found = null;
            }
        } else if (query.containsKey("codigoAutorizacion") || query.containsKey("referenciaPago")) {
            String code = query.getOrDefault("codigoAutorizacion", query.get("referenciaPago"));
            found = transactions.values().stream().filter(t -> t.request.path("numeroRerefencia").asText().equals(code)
                    || t.request.path("referencia").asText().equals(code)).findFirst().orElse(null);
        } else {
            error(ex, 400, "indique referenciaPago, transaccionId o codigoAutorizacion");
            return;
        }
        if (found == null) {
            error(ex, 404, "transacción no encontrada");
            return;
        }
        polls.computeIfAbsent(found.id, k -> new AtomicInteger()).incrementAndGet();
        if (!found.resolveAt.isAfter(Instant.now()) && found.scenario != Scenario.APPROVED_AFTER_EXPIRY) {
            resolve(found);
        }
        answer(ex, 200, answer(found).toString());
    }

    // ---- state -------------------------------------------------------------------------------------

    private void resolveDue() {
        Instant now = Instant.now();
        for (Tx tx : transactions.values()) {
            if (tx.scenario == Scenario.APPROVED_AFTER_EXPIRY) {
                continue; // settled only when a test says so (resolve), after the runner gave up
            }
            if (!tx.resolveAt.isAfter(now) && resolve(tx) && tx.scenario.webhook && webhookUrl != null) {
                deliver(tx);
            }
        }
    }

    /** Moves a pending transaction to its final state; true when this call did it. */
    private boolean resolve(Tx tx) {
        synchronized (tx) {
            if (!tx.scenario.pendingWording.equals(tx.status) || tx.scenario.finalStatus == null) {
                return false;
            }
            settle(tx);
            return true;
        }
    }

    private static void settle(Tx tx) {
        if ("success".equals(tx.scenario.finalStatus)) {
            tx.status = "success";
            tx.exitoso = true;
            tx.descripcion = "Pago aplicado exitosamente";
        } else {
            tx.status = "rejected";
            tx.exitoso = false;
            tx.descripcion = tx.scenario.pendingFirst ? "Pago rechazado tras la revisión: la referencia no corresponde a un pago recibido"
                    : "Pago rechazado: la referencia no corresponde a un pago recibido";
        }
    }

    private void deliver(Tx tx) {
        try {
            webhookAnswers.add(deliverWebhook(webhookUrl, webhookSecret, tx.id));
        } catch (Exception e) {
            webhookAnswers.add(-1); // the runner is not reachable: it still finds the final state by polling
        }
    }

    /** The transaction answer, shaped as the seed's example (camelCase). */
    private static ObjectNode answer(Tx tx) {
        ObjectNode a = Json.MAPPER.createObjectNode();
        a.put("monto", tx.request.path("monto").decimalValue());
        a.put("montoUsd", 0);
        ObjectNode info = a.putObject("infoProceso");
        info.put("estatusProcesamiento", tx.status);
        info.putNull("codigoRespuestaCvv");
        a.putNull("tarjetaHabiente");
        ObjectNode payer = a.putObject("infoUsuarioPagador");
        payer.put("nombre", tx.request.path("nombrePagador").asText(""));
        payer.put("apellido", "");
        payer.put("numeroIdentidad", tx.request.path("cedula").asText(""));
        payer.put("numeroTelefono", tx.request.path("telefonoPagador").asText(""));
        payer.put("email", tx.request.path("email").asText(""));
        a.put("moneda", "VES");
        a.putNull("infoTarjeta");
        a.put("transaccionId", tx.id);
        a.put("transaccionMerchantId", tx.id + 5_000_000L);
        a.put("descripcion", tx.descripcion);
        a.put("trazaId", tx.trazaId);
        a.put("exitoso", tx.exitoso);
        a.put("canal", "API");
        a.put("medioDePago", "PagoMovil");
        a.putNull("montoOriginal");
        a.put("merchantId", "sandbox-merchant");
        a.put("fechaOperacion", LocalDateTime.now(VENEZUELA).truncatedTo(ChronoUnit.SECONDS).toString());
        a.putNull("cargosAdicionales");
        return a;
    }

    private boolean authorized(HttpExchange ex) throws IOException {
        String header = ex.getRequestHeaders().getFirst("Authorization");
        String token = header != null && header.startsWith("Bearer ") ? header.substring(7) : null;
        Instant expiry = token == null ? null : tokens.get(token);
        Deque<Fault> queue = faults.get(ex.getRequestURI().getPath());
        boolean revoked = false;
        if (queue != null) {
            synchronized (queue) {
                if (queue.peek() == Fault.UNAUTHORIZED) {
                    queue.poll();
                    revoked = true;
                }
            }
        }
        if (revoked || expiry == null || !expiry.isAfter(Instant.now())) {
            refusedTokens.incrementAndGet();
            error(ex, 401, "acceso no autorizado");
            return false;
        }
        String userIp = ex.getRequestHeaders().getFirst("userIp");
        if (userIp == null || userIp.isBlank()) {
            error(ex, 400, "el encabezado userIp es obligatorio");
            return false;
        }
        userIps.add(userIp);
        return true;
    }

    private Fault fault(HttpExchange ex) {
        Deque<Fault> queue = faults.get(ex.getRequestURI().getPath());
        if (queue == null) {
            return null;
        }
        synchronized (queue) {
            return queue.poll();
        }
    }

    private String jwt(Instant expires) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64.encodeToString(("{\"sub\":\"" + username + "\",\"exp\":" + expires.getEpochSecond()
                + ",\"jti\":\"" + UUID.randomUUID() + "\"}").getBytes(StandardCharsets.UTF_8));
        String signature = b64.encodeToString(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        return header + "." + claims + "." + signature;
    }

    private static void error(HttpExchange ex, int status, String mensaje) throws IOException {
        error(ex, status, status, mensaje);
    }

    /** Luka's error shape with this codigo, sent with this HTTP status (they differ for ERROR_CODE_IN_200). */
    private static void error(HttpExchange ex, int status, int codigo, String mensaje) throws IOException {
        ObjectNode e = Json.MAPPER.createObjectNode();
        e.put("mensaje", mensaje);
        e.put("codigo", codigo);
        e.put("continua", false);
        e.put("mensajeId", UUID.randomUUID().toString());
        answer(ex, status, e.toString());
    }

    private static JsonNode read(HttpExchange ex) throws IOException {
        try {
            JsonNode node = Json.MAPPER.readTree(body(ex));
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return params;
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
