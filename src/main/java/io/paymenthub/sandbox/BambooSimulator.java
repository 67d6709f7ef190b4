package io.paymenthub.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
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
import io.paymenthub.bamboo.BambooSignature;
import io.paymenthub.events.Json;

/**
 * Bamboo's purchase API for the alternative methods, as the seed documents it: POST /v3/api/purchase
 * ({@code Authorization: Basic <private key>}, each method's required fields, the seed's answer shapes),
 * GET /v3/api/transaction/{id}; then signed callbacks to the purchase's {@code Url_Notify}, any non-200
 * retried on a schedule (Bamboo's 15 min, 30 min, 1 h, 3 h, 6 h, shortened as configured).
 */
public final class BambooSimulator extends PartnerSimulator {

    /** Bamboo's documented retry delays after a non-200 callback answer. */
    public static final List<Duration> BAMBOO_RETRY_SCHEDULE = List.of(Duration.ofMinutes(15), Duration.ofMinutes(30),
            Duration.ofHours(1), Duration.ofHours(3), Duration.ofHours(6));

    /** Which callback shape the merchant chose with Bamboo. */
    public enum Shape { PURCHASE, TRANSACTION }

    /** How the simulator writes {@code dateSent}; Bamboo does not document it, each reading is a public one. */
    public enum DateStyle {
        /** {@code 2026-11-22T06:30:00Z} */
        ISO_UTC,
        /** {@code 2024-01-30T12:58:38.498}: Bamboo's own payload timestamps, no offset (local time of {@link #dateZone}) */
        ISO_NO_OFFSET,
        /** {@code Sun, 22 Nov 2026 06:30:00 GMT} */
        RFC_1123
    }

    /** A fault played on a purchase call that Bamboo carries out (or refuses inside a 200). */
    public enum PurchaseFault {
        /** The purchase is created, then answered only after the delay given: the caller's time-out loses the answer. */
        CREATE_THEN_SLOW,
        /** The purchase is created, then answered 200 with a body cut short (not JSON). */
        MALFORMED_JSON,
        /** HTTP 200 whose body carries only Errors (a system error code): nothing created. */
        ERROR_IN_200
    }

    /** One callback delivery attempt and the runner's answer (0: no answer). */
    public record Delivery(String purchaseId, String status, int attempt, int httpStatus, Instant at) {
    }

    /** A purchase as the simulator keeps it. */
    public static final class Purchase {
        public final String purchaseId;
        public final String transactionId;
        public final int paymentMediaId;
        public final long amount;
        public final String currency;
        public final String order;
        public final String notifyUrl;
        volatile int statusId = 2;
        volatile String status = "Pending";

        Purchase(String purchaseId, String transactionId, int paymentMediaId, long amount, String currency, String order, String notifyUrl) {
            this.purchaseId = purchaseId;
            this.transactionId = transactionId;
            this.paymentMediaId = paymentMediaId;
            this.amount = amount;
            this.currency = currency;
            this.order = order;
            this.notifyUrl = notifyUrl;
        }
    }

    private static final DateTimeFormatter BAMBOO_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS");

    private final String privateKey;
    private final String webhookSecret;
    private final Map<String, Purchase> purchases = new ConcurrentHashMap<>();
    /** UniqueID → PurchaseId: Bamboo answers a purchase with a known UniqueID with the earlier purchase. */
    private final Map<String, String> byUniqueId = new ConcurrentHashMap<>();
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final List<String> readBacks = new CopyOnWriteArrayList<>();
    private final Deque<int[]> purchaseFaults = new ArrayDeque<>();
    private final Deque<PurchaseFault> carriedOutFaults = new ArrayDeque<>();
    private volatile Duration carriedOutDelay = Duration.ZERO;
    private final AtomicLong ids = new AtomicLong(1_300_000);
    private final AtomicInteger purchaseCalls = new AtomicInteger();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService callbacks = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bamboo-simulator-callbacks");
        t.setDaemon(true);
        return t;
    });
    private volatile List<Duration> retrySchedule = BAMBOO_RETRY_SCHEDULE;
    private volatile String signatureHeader = "signature";
    private volatile Shape shape = Shape.PURCHASE;
    private volatile Duration payAfter;
    private volatile DateStyle dateStyle = DateStyle.ISO_UTC;
    private volatile java.time.ZoneId dateZone = java.time.ZoneOffset.UTC;
    private final AtomicInteger deliveriesToLose = new AtomicInteger();

    public BambooSimulator(int port, String privateKey, String webhookSecret) {
        super("bamboo", port);
        this.privateKey = privateKey;
        this.webhookSecret = webhookSecret;
        route("/v3/api/purchase", this::purchase);
        route("/v3/api/transaction/", this::transaction);
    }

    // ---- what a test or the sandbox sets up -------------------------------------------------------

    /** Retry delays after a non-200 callback (Bamboo retries 5 times). */
    public BambooSimulator retrySchedule(List<Duration> schedule) {
        this.retrySchedule = List.copyOf(schedule);
        return this;
    }

    public BambooSimulator signatureHeader(String header) {
        this.signatureHeader = header;
        return this;
    }

    /** How dateSent is written ({@code zone}: the local time of {@link DateStyle#ISO_NO_OFFSET}). */
    public BambooSimulator dateStyle(DateStyle style, java.time.ZoneId zone) {
        this.dateStyle = style;
        this.dateZone = zone;
        return this;
    }

    /**
     * The next {@code n} callback attempts never reach the runner (its outage, as Bamboo sees it): each is
     * retried on the schedule, with the dateSent and signature of the first attempt, as Bamboo retries.
     */
    public void loseNextDeliveries(int n) {
        deliveriesToLose.addAndGet(n);
    }

    public BambooSimulator shape(Shape shape) {
        this.shape = shape;
        return this;
    }

    /** Sandbox: every purchase is paid (Approved) this long after it is created; null: only when told. */
    public BambooSimulator payAfter(Duration delay) {
        this.payAfter = delay;
        return this;
    }

    /** The next purchase call is answered only after this delay (longer than the runner's time-out), with a 500. */
    public void stallNextPurchase(Duration delay) {
        synchronized (purchaseFaults) {
            purchaseFaults.add(new int[] {500, (int) delay.toMillis()});
        }
    }

    /** The next purchase call is answered with this HTTP status and Bamboo error (4xx or 5xx). */
    public void failNextPurchase(int httpStatus) {
        synchronized (purchaseFaults) {
            purchaseFaults.add(new int[] {httpStatus});
        }
    }

    /** The next purchase call that passes the checks gets this fault ({@code delay}: for CREATE_THEN_SLOW). */
    public void failNextPurchase(PurchaseFault fault, Duration delay) {
        synchronized (carriedOutFaults) {
            carriedOutDelay = delay;
            carriedOutFaults.add(fault);
        }
    }

    /** Purchases Bamboo holds for this Order (a second one is a duplicate; a repeated UniqueID creates none). */
    public long purchasesFor(String order) {
        return purchases.values().stream().filter(p -> order.equals(p.order)).count();
    }

    /**
     * The purchase's status changes at Bamboo (1 Approved, 2 Pending, 3 Pre-authorized, 4 Rejected, 5 Paid,
     * 6 Cancelled) and Bamboo notifies Url_Notify, retrying any non-200 on the schedule.
     */
    public void settle(String purchaseId, int statusId, String statusText) {
        Purchase p = purchases.get(purchaseId);
        if (p == null) {
            throw new IllegalArgumentException("no purchase " + purchaseId);
        }
        p.statusId = statusId;
        p.status = statusText;
        String body = callbackBody(p, statusId, statusText);
        Instant sent = Instant.now();
        callbacks.execute(() -> deliver(p, statusText, body, sent, 0));
    }

    /** The purchase's status changes at Bamboo, and its callback is lost (never reaches the runner, nor any retry). */
    public void settleWithoutCallback(String purchaseId, int statusId, String statusText) {
        Purchase p = purchases.get(purchaseId);
        if (p == null) {
            throw new IllegalArgumentException("no purchase " + purchaseId);
        }
        p.statusId = statusId;
        p.status = statusText;
    }

    /** The callback Bamboo would send for a purchase in a given status, in the configured shape. */
    public String callbackBody(Purchase p, int statusId, String statusText) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        if (shape == Shape.PURCHASE) {
            body.put("PurchaseId", Long.parseLong(p.purchaseId));
            body.putNull("UniqueId");
            body.put("Order", p.order);
            body.put("Amount", p.amount);
            body.put("Installments", 1);
            body.put("Currency", p.currency);
            body.set("MetadataOut", metadataOut(p));
            ObjectNode tx = body.putObject("Transaction");
            tx.put("TransactionStatusId", statusId);
            tx.put("Status", statusText);
            tx.put("Description", " ");
            tx.putNull("ApprovalCode");
        } else {
            body.put("TransactionId", Long.parseLong(p.transactionId));
            body.put("TransactionType", "Purchase");
            body.put("TransactionStatusId", statusId);
            body.put("Status", statusText);
            body.putNull("ErrorCode");
            body.put("Amount", p.amount);
            body.put("Currency", p.currency);
            body.put("Installments", 1);
            body.putNull("UniqueId");
            body.put("Order", p.order);
            body.put("Description", " ");
            body.put("UrlNotify", p.notifyUrl);
            body.put("TargetCountryIso", "CO");
            body.put("Created", LocalDateTime.now().format(BAMBOO_TIME));
            body.set("MetadataOut", metadataOut(p));
            body.putObject("Customer").put("Email", "payer@example.com");
            body.putObject("PaymentMedia").put("PaymentMediaId", p.paymentMediaId);
        }
        return body.toString();
    }

    /**
     * Posts one signed callback as Bamboo does: {@code dateSent} (written in the configured {@link DateStyle})
     * and the signature over id + Amount + Currency + dateSent. Returns the HTTP status (0 when the runner did
     * not answer).
     */
    public int post(String url, String body, Instant dateSent) {
        String sent = formatDateSent(dateSent);
        return post(url, body, signatureOf(body, sent), sent);
    }

    /** The dateSent header for an instant, in the configured style. */
    public String formatDateSent(Instant at) {
        return switch (dateStyle) {
            case ISO_UTC -> at.truncatedTo(ChronoUnit.SECONDS).toString();
            case ISO_NO_OFFSET -> LocalDateTime.ofInstant(at, dateZone).format(BAMBOO_TIME);
            case RFC_1123 -> DateTimeFormatter.RFC_1123_DATE_TIME.format(at.atOffset(java.time.ZoneOffset.UTC));
        };
    }

    /** The signature Bamboo puts on a callback body sent with this dateSent. */
    public String signatureOf(String body, String dateSent) {
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
        String id = json.has("PurchaseId") ? json.get("PurchaseId").asText() : json.path("TransactionId").asText();
        return BambooSignature.sign(webhookSecret, id, json.path("Amount").asText(), json.path("Currency").asText(), dateSent);
    }

    /** Posts a callback with the given signature and dateSent, right or wrong. */
    public int post(String url, String body, String signature, String dateSent) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .header("dateSent", dateSent)
                .header(signatureHeader, signature)
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    // ---- what a test reads -----------------------------------------------------------------------

    public Purchase purchase(String purchaseId) {
        return purchases.get(purchaseId);
    }

    public List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** TransactionIds read back through GET /v3/api/transaction/{id}. */
    public List<String> readBacks() {
        return List.copyOf(readBacks);
    }

    public int purchaseCalls() {
        return purchaseCalls.get();
    }

    // ---- the API ---------------------------------------------------------------------------------

    /** One attempt; every retry carries the first attempt's dateSent and signature (Bamboo signs a notification once). */
    private void deliver(Purchase p, String statusText, String body, Instant sent, int attempt) {
        String dateSent = formatDateSent(sent);
        boolean lost = deliveriesToLose.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
        int status = lost ? 0 : post(p.notifyUrl, body, signatureOf(body, dateSent), dateSent);
        deliveries.add(new Delivery(p.purchaseId, statusText, attempt, status, Instant.now()));
        if (status != 200 && attempt < retrySchedule.size()) {
            callbacks.schedule(() -> deliver(p, statusText, body, sent, attempt + 1),
                    retrySchedule.get(attempt).toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void purchase(HttpExchange ex) throws IOException {
        purchaseCalls.incrementAndGet();
        if (!"POST".equals(ex.getRequestMethod())) {
            answer(ex, 405, errors("MT001", "Method not allowed", ex.getRequestMethod()));
            return;
        }
        if (!("Basic " + privateKey).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            answer(ex, 401, errors("AU001", "Unauthorized", "Invalid merchant private key"));
            return;
        }
        int[] fault;
        synchronized (purchaseFaults) {
            fault = purchaseFaults.poll();
        }
        if (fault != null && fault.length > 1) {
            try {
                Thread.sleep(fault[1]);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (fault != null) {
            answer(ex, fault[0], fault[0] >= 500 ? "<html>Service Unavailable</html>"
                    : errors("PR011", "Customer document is invalid", "DocNumber rejected by the acquirer"));
            return;
        }
        PurchaseFault carriedOut;
        synchronized (carriedOutFaults) {
            carriedOut = carriedOutFaults.poll();
        }
        if (carriedOut == PurchaseFault.ERROR_IN_200) {
            body(ex);
            answer(ex, 200, errors("SY500", "System error", "The purchase could not be processed, try again later"));
            return;
        }
        JsonNode req;
        try {
            req = Json.MAPPER.readTree(body(ex));
        } catch (IOException e) {
            answer(ex, 400, errors("RQ001", "Invalid request", "The body is not JSON"));
            return;
        }
        String missing = missing(req);
        if (missing != null) {
            answer(ex, 400, errors("RQ002", "Missing required field", missing));
            return;
        }
        int media = req.path("PaymentMediaId").asInt();
        String uniqueId = req.path("UniqueID").isTextual() ? req.get("UniqueID").asText() : null;
        Purchase p;
        boolean repeat;
        synchronized (byUniqueId) {
            String earlier = uniqueId == null ? null : byUniqueId.get(uniqueId);
            repeat = earlier != null;
            if (repeat) {
                p = purchases.get(earlier); // Bamboo's guard: the same UniqueID is the same purchase
            } else {
                String purchaseId = Long.toString(ids.incrementAndGet());
                String transactionId = Long.toString(ids.incrementAndGet());
                p = new Purchase(purchaseId, transactionId, media, req.path("Amount").asLong(), req.path("Currency").asText(),
                        req.path("Order").isTextual() ? req.get("Order").asText() : null,
                        req.path("Redirection").path("Url_Notify").asText(null));
                purchases.put(purchaseId, p);
                if (uniqueId != null) {
                    byUniqueId.put(uniqueId, purchaseId);
                }
            }
        }
        String purchaseId = p.purchaseId;
        if (carriedOut == PurchaseFault.CREATE_THEN_SLOW) {
            try {
                Thread.sleep(carriedOutDelay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        String created = createdAnswer(p, req).toString();
        answer(ex, 200, carriedOut == PurchaseFault.MALFORMED_JSON ? created.substring(0, created.length() / 2) : created);
        Duration delay = payAfter;
        if (delay != null && p.notifyUrl != null && !repeat) {
            callbacks.schedule(() -> settle(purchaseId, 1, "Approved"), delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** The seed's required fields per method, checked independently of the runner. */
    private static String missing(JsonNode req) {
        int media = req.path("PaymentMediaId").asInt(-1);
        List<String> required = new ArrayList<>(List.of("Amount", "Currency", "Customer.Email"));
        switch (media) {
            case 538 -> required.addAll(List.of("Customer.DocumentTypeId", "Customer.DocNumber", "Customer.PhoneNumber",
                    "Customer.BillingAddress.Country", "Customer.BillingAddress.State", "Customer.BillingAddress.City",
                    "Customer.BillingAddress.AddressDetail", "Customer.BillingAddress.AddressType"));
            case 36, 37, 38, 39, 40, 42, 43, 44 -> required.add("Customer.DocNumber");
            case 67 -> { }
            case 68 -> required.add("Customer.PhoneNumber");
            default -> {
                return "PaymentMediaId";
            }
        }
        for (String field : required) {
            JsonNode node = req;
            for (String step : field.split("\\.")) {
                node = node.path(step);
            }
            if (node.isMissingNode() || node.isNull() || node.asText().isBlank()) {
                return field;
            }
        }
        if (!req.path("Redirection").path("Url_Notify").isTextual()) {
            return "Redirection.Url_Notify";
        }
        return null;
    }

    private ObjectNode createdAnswer(Purchase p, JsonNode req) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode r = root.putObject("Response");
        String now = LocalDateTime.now().format(BAMBOO_TIME);
        r.put("PurchaseId", Long.parseLong(p.purchaseId));
        r.put("Created", now);
        r.putNull("TrxToken");
        r.put("Order", p.order);
        ObjectNode tx = r.putObject("Transaction");
        tx.put("TransactionID", Long.parseLong(p.transactionId));
        tx.put("Created", now);
        tx.put("AuthorizationDate", "");
        tx.put("TransactionStatusId", p.statusId);
        tx.put("Status", p.status);
        tx.putNull("ErrorCode");
        tx.put("Description", " ");
        tx.putNull("ApprovalCode");
        r.put("Capture", true);
        r.put("Amount", p.amount);
        r.put("OriginalAmount", p.amount);
        r.put("Installments", 1);
        r.put("Currency", p.currency);
        r.put("Description", req.path("Description").asText(""));
        r.set("Customer", req.path("Customer").deepCopy());
        r.put("URL", baseUrl() + "/Purchase/" + p.purchaseId);
        if (p.paymentMediaId == 538) {
            ObjectNode action = r.putObject("CommerceAction");
            action.put("ActionType", 1);
            action.put("ActionReason", "REDIRECTION_NEEDED_EXTERNAL_SERVICE");
            action.put("ActionURL", baseUrl() + "/redirect/CA_" + p.purchaseId);
            action.putNull("ActionBody");
            action.put("ActionSessionId", "CA_" + p.purchaseId);
        } else {
            r.putNull("CommerceAction");
        }
        if (req.has("MetadataIn")) {
            r.set("MetadataIn", req.get("MetadataIn").deepCopy());
        }
        r.set("MetadataOut", metadataOut(p));
        r.putNull("PaymentMediaId");
        r.put("PurchaseType", 1);
        root.putArray("Errors");
        return root;
    }

    private JsonNode metadataOut(Purchase p) {
        ObjectNode meta = Json.MAPPER.createObjectNode();
        if (p.paymentMediaId == 67) {
            meta.put("CodeQr", "bancadigital-C001-10011-" + p.purchaseId);
            meta.put("Base64Qr", Base64.getEncoder().encodeToString(("QR:" + p.purchaseId).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            return meta;
        }
        if (p.paymentMediaId >= 36 && p.paymentMediaId <= 44) {
            meta.put("PaymentUrl", baseUrl() + "/purchase-coupons/" + p.purchaseId + ".html");
            meta.put("PaymentCode", Long.toString(6_000_000 + Long.parseLong(p.purchaseId) % 1_000_000));
            meta.put("PaymentExpirationDate", LocalDate.now().plusDays(5).format(DateTimeFormatter.ofPattern("dd/MM/uuuu")));
            meta.put("AgreementCode", "110342");
            return meta;
        }
        return com.fasterxml.jackson.databind.node.NullNode.getInstance();
    }

    private void transaction(HttpExchange ex) throws IOException {
        if (!("Basic " + privateKey).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            answer(ex, 401, errors("AU001", "Unauthorized", "Invalid merchant private key"));
            return;
        }
        String id = ex.getRequestURI().getPath().substring("/v3/api/transaction/".length());
        readBacks.add(id);
        Purchase p = purchases.values().stream().filter(x -> x.transactionId.equals(id)).findFirst().orElse(null);
        if (p == null) {
            answer(ex, 404, errors("TR404", "Transaction not found", id));
            return;
        }
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode r = root.putObject("Response");
        r.put("TransactionId", Long.parseLong(p.transactionId));
        r.put("TransactionType", "Purchase");
        r.put("TransactionStatusId", p.statusId);
        r.put("Status", p.status);
        r.put("Amount", p.amount);
        r.put("Currency", p.currency);
        r.put("Order", p.order);
        root.putArray("Errors");
        answer(ex, 200, root.toString());
    }

    private static String errors(String code, String message, String detail) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.putNull("Response");
        ObjectNode e = root.putArray("Errors").addObject();
        e.put("ErrorCode", code);
        e.put("Message", message);
        e.put("Detail", detail);
        return root.toString();
    }

    @Override
    protected void doStop() {
        callbacks.shutdownNow();
        super.doStop();
    }
}
