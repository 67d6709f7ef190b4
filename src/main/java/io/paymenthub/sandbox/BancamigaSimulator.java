package io.paymenthub.sandbox;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
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
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.paymenthub.events.Json;

/**
 * Bancamiga's Pago Móvil API as its documentation describes it: token, refresh (which rotates the pair
 * and invalidates the old one), find, history (at most once every 10 minutes: a second call inside that
 * window is answered with an error and recorded as a violation), healthcheck, and webhook delivery to
 * the runner. Faults can be injected per path: server errors, slow answers, error codes in a 200 body.
 */
public final class BancamigaSimulator extends PartnerSimulator {

    /** A fault to answer instead of the normal answer. */
    public enum Fault {
        /** HTTP 500 with a non-JSON body. */
        SERVER_ERROR,
        /** Answers only after {@link #slowAnswerDelay}: longer than the runner's read time-out. */
        SLOW,
        /** HTTP 200 whose body carries code 512 (token expired or invalid). */
        CODE_512_IN_BODY,
        /** HTTP 200 with a body that is not JSON. */
        MALFORMED_JSON
    }

    public static final ZoneOffset VENEZUELA = ZoneOffset.ofHours(-4);
    public static final String FIND_PATH = "/public/protected/pm/find";
    public static final String HISTORY_PATH = "/public/protected/pm/history/find";
    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private final Map<String, Instant> accessTokens = new ConcurrentHashMap<>();
    private final Map<String, String> refreshTokens = new ConcurrentHashMap<>();
    private final List<ObjectNode> movements = new CopyOnWriteArrayList<>();
    private final List<GeneratedDay> generated = new CopyOnWriteArrayList<>();
    private final List<Instant> historyCalls = new CopyOnWriteArrayList<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final List<String> issued = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Fault>> faults = new ConcurrentHashMap<>();
    /** Access tokens a refresh replaced (invalidated the moment the new pair was issued). */
    private final java.util.Set<String> replacedTokens = ConcurrentHashMap.newKeySet();
    private final List<String> staleTokenCalls = new CopyOnWriteArrayList<>();
    private volatile java.util.concurrent.CountDownLatch refreshAnswerGate;
    private final AtomicInteger findCalls = new AtomicInteger();
    private final AtomicInteger refreshCalls = new AtomicInteger();
    private final AtomicLong references = new AtomicLong(100_000);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile Duration tokenLifetime = Duration.ofDays(365);
    private volatile Duration historyMinInterval = Duration.ofMinutes(10);
    private volatile Duration slowAnswerDelay = Duration.ofSeconds(20);
    private volatile boolean codesAsHttpStatus;
    private ScheduledExecutorService generator;

    public BancamigaSimulator() {
        this(0);
    }

    public BancamigaSimulator(int port) {
        super("bancamiga", port);
        route("/healthcheck", ex -> answer(ex, 200, "{\"code\":200,\"time\":\"" + OffsetDateTime.now(VENEZUELA).format(ISO) + "\"}"));
        route("/public/re/refresh", this::refresh);
        route(FIND_PATH, this::find);
        route(HISTORY_PATH, this::history);
    }

    // ---- what a test or the sandbox sets up -------------------------------------------------------

    /** Starts serving and returns this simulator (for a one-line set-up). */
    public BancamigaSimulator started() {
        start();
        return this;
    }

    /** The pair an operator would obtain by hand with NEW ACCESS TOKEN. */
    public synchronized String[] issueInitialPair() {
        return issuePair();
    }

    public BancamigaSimulator tokenLifetime(Duration lifetime) {
        this.tokenLifetime = lifetime;
        return this;
    }

    /** Answer error codes as the HTTP status too (the documentation does not say which the bank does). */
    public BancamigaSimulator codesAsHttpStatus(boolean asStatus) {
        this.codesAsHttpStatus = asStatus;
        return this;
    }

    /** The bank's history rule (10 minutes); a test shortens it to play "ten minutes later". */
    public BancamigaSimulator historyMinInterval(Duration interval) {
        this.historyMinInterval = interval;
        return this;
    }

    public BancamigaSimulator slowAnswerDelay(Duration delay) {
        this.slowAnswerDelay = delay;
        return this;
    }

    /** The next {@code times} calls to {@code path} get this fault. */
    public void failNext(String path, Fault fault, int times) {
        Deque<Fault> queue = faults.computeIfAbsent(path, p -> new ArrayDeque<>());
        synchronized (queue) {
            for (int i = 0; i < times; i++) {
                queue.add(fault);
            }
        }
    }

    /** Drops the faults still queued for {@code path}. */
    public void clearFaults(String path) {
        Deque<Fault> queue = faults.get(path);
        if (queue != null) {
            synchronized (queue) {
                queue.clear();
            }
        }
    }

    /** Makes every issued access token expired, as if a year had passed. */
    public void expireAllTokens() {
        accessTokens.replaceAll((token, expiry) -> Instant.now().minusSeconds(1));
    }

    /** A credit received on the account, as find and history list it; returns the item. */
    public ObjectNode receive(String phoneOrig, String bank, String amount, OffsetDateTime when) {
        String reference = String.format("%012d", references.incrementAndGet());
        ObjectNode item = Json.MAPPER.createObjectNode();
        item.put("ID", UUID.randomUUID().toString());
        item.put("created_at", when.format(ISO));
        item.put("update_at", when.format(ISO));
        item.putNull("deleted_at");
        item.put("Dni", "J000000000");
        item.put("PhoneDest", "584120000000");
        item.put("PhoneOrig", phoneOrig);
        item.put("Amount", new BigDecimal(amount));
        item.put("BancoOrig", bank);
        item.put("NroReferenciaCorto", reference.substring(6));
        item.put("NroReferencia", reference);
        item.put("HoraMovimiento", when.toLocalTime().format(DateTimeFormatter.ofPattern("HH:mm:ss")));
        item.put("FechaMovimiento", when.toLocalDate().toString());
        item.put("Descripcion", "pago");
        item.put("Status", "500");
        item.put("Refpk", when.toLocalDate().toString().replace("-", "") + bank + phoneOrig + reference);
        item.put("Ref", references.get());
        movements.add(item);
        return item;
    }

    /**
     * A busy day: {@code count} credits on {@code day}, spread over its hours, that find and history list
     * without ever being held in memory (each is made from its position when an answer is written).
     * Returns their Refpks' source, to check what the runner stored: {@link GeneratedDay#refpk(int)}.
     */
    public GeneratedDay receiveMany(LocalDate day, int count) {
        GeneratedDay busy = new GeneratedDay(day, count, references.getAndAdd(count) + 1);
        generated.add(busy);
        return busy;
    }

    /** Credits made on the fly: item {@code i} comes from phone 5841 + i (8 digits), bank 0134. */
    public record GeneratedDay(LocalDate day, int count, long firstReference) {

        public static final String BANK = "0134";

        public ObjectNode item(int i) {
            OffsetDateTime when = day.atStartOfDay().atOffset(VENEZUELA).plusSeconds((long) i * 86_399 / Math.max(1, count));
            String reference = String.format("%012d", firstReference + i);
            String phone = String.format("5841%08d", i);
            ObjectNode item = Json.MAPPER.createObjectNode();
            item.put("ID", new UUID(firstReference, i).toString());
            item.put("created_at", when.format(ISO));
            item.put("update_at", when.format(ISO));
            item.putNull("deleted_at");
            item.put("Dni", "J000000000");
            item.put("PhoneDest", "584120000000");
            item.put("PhoneOrig", phone);
            item.put("Amount", new BigDecimal("%d.%02d".formatted(1 + i % 900, i % 100)));
            item.put("BancoOrig", BANK);
            item.put("NroReferenciaCorto", reference.substring(6));
            item.put("NroReferencia", reference);
            item.put("HoraMovimiento", when.toLocalTime().format(DateTimeFormatter.ofPattern("HH:mm:ss")));
            item.put("FechaMovimiento", day.toString());
            item.put("Descripcion", "pago");
            item.put("Status", "500");
            item.put("Refpk", refpk(i));
            item.put("Ref", firstReference + i);
            return item;
        }

        /** The Refpk of item {@code i}, as the bank builds it (date, bank, phone, reference). */
        public String refpk(int i) {
            return day.toString().replace("-", "") + BANK + String.format("5841%08d", i) + String.format("%012d", firstReference + i);
        }

        Stream<ObjectNode> items() {
            return IntStream.range(0, count).mapToObj(this::item);
        }
    }

    public ObjectNode receiveNow(String phoneOrig, String bank, String amount) {
        return receive(phoneOrig, bank, amount, OffsetDateTime.now(VENEZUELA));
    }

    /** The webhook body Bancamiga would post for a received item (Amount as a string, as documented). */
    public static String webhookBody(JsonNode item) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        for (String field : List.of("BancoOrig", "FechaMovimiento", "HoraMovimiento", "NroReferencia", "PhoneOrig",
                "PhoneDest", "Status", "Descripcion")) {
            body.put(field, item.path(field).asText());
        }
        body.put("Amount", item.path("Amount").decimalValue().setScale(2).toPlainString());
        body.put("Refpk", item.path("Refpk").asText());
        return body.toString();
    }

    /** Posts the webhook for an item to the runner, as the bank does; returns the HTTP status. */
    public int deliverWebhook(String url, String bearerToken, JsonNode item) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + bearerToken)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(webhookBody(item))).build();
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /**
     * Sandbox: a new credit from {@code phone}/{@code bank} every {@code every}; two in three are also
     * delivered by webhook, the third is left for find and history to discover.
     */
    public void generatePayments(Duration every, String phone, String bank, String webhookUrl, String webhookToken) {
        generator = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bancamiga-simulator-payments");
            t.setDaemon(true);
            return t;
        });
        AtomicInteger n = new AtomicInteger();
        generator.scheduleAtFixedRate(() -> {
            ObjectNode item = receiveNow(phone, bank, String.format("%d.%02d", 1 + n.get() % 50, n.get() % 100));
            if (n.getAndIncrement() % 3 != 2) {
                try {
                    deliverWebhook(webhookUrl, webhookToken, item);
                } catch (Exception e) {
                    // the runner is not up yet: find and history will still see it
                }
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    // ---- what a test reads -----------------------------------------------------------------------

    public List<Instant> historyCalls() {
        return List.copyOf(historyCalls);
    }

    /** Calls that broke a documented rule (history inside 10 minutes). A correct client causes none. */
    public List<String> violations() {
        return List.copyOf(violations);
    }

    /** Every access and refresh token issued so far (tests check none of them reaches a log line). */
    public List<String> issuedTokens() {
        return List.copyOf(issued);
    }

    public int findCalls() {
        return findCalls.get();
    }

    public int refreshCalls() {
        return refreshCalls.get();
    }

    /**
     * From now on a refresh rotates the pair at once (the old access token is dead from that moment, as at the
     * bank) but its answer waits until {@link #releaseRefreshAnswers()}: the window in which a call made with the
     * old token fails.
     */
    public void holdRefreshAnswers() {
        refreshAnswerGate = new java.util.concurrent.CountDownLatch(1);
    }

    public void releaseRefreshAnswers() {
        java.util.concurrent.CountDownLatch gate = refreshAnswerGate;
        refreshAnswerGate = null;
        if (gate != null) {
            gate.countDown();
        }
    }

    /** The calls (path and when) that carried an access token a refresh had already replaced: each got 503. */
    public List<String> staleTokenCalls() {
        return List.copyOf(staleTokenCalls);
    }

    public boolean isValidAccessToken(String token) {
        Instant expiry = accessTokens.get(token);
        return expiry != null && expiry.isAfter(Instant.now());
    }

    // ---- the API ---------------------------------------------------------------------------------

    private void refresh(HttpExchange ex) throws IOException {
        refreshCalls.incrementAndGet();
        if (fault(ex)) {
            return;
        }
        JsonNode body = json(ex);
        if (body == null || !body.hasNonNull("refresh_token")) {
            code(ex, 511, "Error formato");
            return;
        }
        String access = bearer(ex);
        String[] pair;
        synchronized (this) {
            String pairedAccess = refreshTokens.get(body.get("refresh_token").asText());
            if (access == null || !isValidAccessToken(access) || !access.equals(pairedAccess)) {
                code(ex, 512, "Error token expirado o invalido");
                return;
            }
            accessTokens.remove(access);
            replacedTokens.add(access);
            refreshTokens.remove(body.get("refresh_token").asText());
            pair = issuePair();
        }
        java.util.concurrent.CountDownLatch gate = refreshAnswerGate;
        if (gate != null) {
            try {
                gate.await(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        answer(ex, 200, tokenAnswer(pair));
    }

    private void find(HttpExchange ex) throws IOException {
        findCalls.incrementAndGet();
        if (fault(ex) || !authorized(ex)) {
            return;
        }
        JsonNode body = json(ex);
        if (body == null) {
            code(ex, 511, "Error formato");
        } else if (!body.path("Bank").asText().matches("\\d{4}")) {
            code(ex, 551, "Error formato Bank");
        } else if (!body.path("Phone").asText().matches("58\\d{10}")) {
            code(ex, 552, "Error formato Phone");
        } else if (date(body) == null) {
            code(ex, 553, "Error formato Date");
        } else {
            LocalDate date = date(body);
            list(ex, onDate(date).filter(m -> m.path("PhoneOrig").asText().equals(body.path("Phone").asText())
                    && m.path("BancoOrig").asText().equals(body.path("Bank").asText())));
        }
    }

    private void history(HttpExchange ex) throws IOException {
        Instant now = Instant.now();
        synchronized (historyCalls) {
            if (!historyCalls.isEmpty() && Duration.between(historyCalls.get(historyCalls.size() - 1), now)
                    .compareTo(historyMinInterval) < 0) {
                violations.add("history called at " + now + ", less than " + historyMinInterval + " after "
                        + historyCalls.get(historyCalls.size() - 1));
                historyCalls.add(now);
                answer(ex, 429, "{\"code\":429,\"mensaje\":\"Consumir esta API solo un maximo de una vez cada 10 minutos\"}");
                return;
            }
            historyCalls.add(now);
        }
        if (fault(ex) || !authorized(ex)) {
            return;
        }
        JsonNode body = json(ex);
        if (body == null) {
            code(ex, 511, "Error formato");
        } else if (date(body) == null) {
            code(ex, 553, "Error formato Date");
        } else {
            LocalDate date = date(body);
            list(ex, onDate(date));
        }
    }

    private boolean authorized(HttpExchange ex) throws IOException {
        String token = bearer(ex);
        if (token != null && replacedTokens.contains(token)) {
            staleTokenCalls.add(ex.getRequestURI().getPath() + " at " + Instant.now());
        }
        if (token == null || !isValidAccessToken(token)) {
            code(ex, 503, "Error token no autorizado o expirado");
            return false;
        }
        return true;
    }

    /** Plays an injected fault for this path, if one is queued. */
    private boolean fault(HttpExchange ex) throws IOException {
        Deque<Fault> queue = faults.get(ex.getRequestURI().getPath());
        Fault fault = null;
        if (queue != null) {
            synchronized (queue) {
                fault = queue.poll();
            }
        }
        if (fault == null) {
            return false;
        }
        switch (fault) {
            case SERVER_ERROR -> {
                ex.sendResponseHeaders(500, -1);
            }
            case SLOW -> {
                try {
                    Thread.sleep(slowAnswerDelay.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                answer(ex, 200, "{\"code\":200,\"lista\":[],\"mod\":\"find\",\"num\":0}");
            }
            case CODE_512_IN_BODY -> answer(ex, 200, "{\"code\":512,\"mensaje\":\"Error token expirado o invalido\"}");
            case MALFORMED_JSON -> answer(ex, 200, "{\"code\":200,\"lista\":[");
        }
        return true;
    }

    private void code(HttpExchange ex, int code, String mensaje) throws IOException {
        answer(ex, codesAsHttpStatus ? code : 200, "{\"code\":" + code + ",\"mensaje\":\"" + mensaje + "\",\"mod\":\"find\"}");
    }

    /** The credits on one date: those received one by one, then the generated busy days'. */
    private Stream<ObjectNode> onDate(LocalDate date) {
        return Stream.concat(
                movements.stream().filter(m -> m.path("FechaMovimiento").asText().equals(date.toString())),
                generated.stream().filter(g -> g.day().equals(date)).flatMap(GeneratedDay::items));
    }

    /** A list answer, written item by item as it is made (chunked): an answer of any length costs no memory here. */
    private static void list(HttpExchange ex, Stream<ObjectNode> items) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, 0);
        try (OutputStream out = new BufferedOutputStream(ex.getResponseBody(), 65_536);
             JsonGenerator json = Json.MAPPER.getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeNumberField("code", 200);
            json.writeArrayFieldStart("lista");
            long num = 0;
            for (ObjectNode item : (Iterable<ObjectNode>) items::iterator) {
                json.writeTree(item);
                num++;
            }
            json.writeEndArray();
            json.writeStringField("mod", "find");
            json.writeNumberField("num", num);
            json.writeEndObject();
        }
    }

    private String[] issuePair() {
        Instant expiry = Instant.now().plus(tokenLifetime);
        String access = jwt(expiry);
        String refresh = jwt(expiry.plus(Duration.ofDays(30)));
        accessTokens.put(access, expiry);
        refreshTokens.put(refresh, access);
        issued.add(access);
        issued.add(refresh);
        return new String[] {access, refresh, Long.toString(expiry.getEpochSecond())};
    }

    private static String tokenAnswer(String[] pair) {
        return "{\"code\":200,\"expireDate\":" + pair[2] + ",\"mensaje\":\"Token generado exitosamente\",\"mod\":\"users\","
                + "\"refresToken\":\"" + pair[1] + "\",\"token\":\"" + pair[0] + "\"}";
    }

    private static String jwt(Instant expiry) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64.encodeToString(("{\"exp\":" + expiry.getEpochSecond() + ",\"iat\":"
                + Instant.now().getEpochSecond() + ",\"jti\":\"" + UUID.randomUUID() + "\"}").getBytes(StandardCharsets.UTF_8));
        return header + "." + claims + "." + b64.encodeToString(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String bearer(HttpExchange ex) {
        String h = ex.getRequestHeaders().getFirst("Authorization");
        return h != null && h.startsWith("Bearer ") ? h.substring(7) : null;
    }

    private static JsonNode json(HttpExchange ex) throws IOException {
        try {
            JsonNode node = Json.MAPPER.readTree(body(ex));
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static LocalDate date(JsonNode body) {
        try {
            return LocalDate.parse(body.path("Date").asText());
        } catch (Exception e) {
            return null;
        }
    }

    @Override
    protected void doStop() {
        if (generator != null) {
            generator.shutdownNow();
        }
        super.doStop();
    }

}
