package io.paymenthub.sandbox;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;

/**
 * PAGO46's POST /bulkTransaction as its documentation describes it: checks the HMAC signature with its
 * own implementation of the canonical string (not the runner's signer), answers a wrong hash with 400
 * {@code Authentication error: WRONG HASH}, an unknown bank_country_currency_id or a malformed
 * transaction with 422, anything else with 202. It counts every bank_transaction_id it accepted, each
 * time it accepted it (a duplicate shows), and can inject 5xx answers and time-outs, or hold requests.
 */
public final class Pago46Simulator extends PartnerSimulator {

    /** A fault played on the next requests, queued with {@link #failNext}. */
    public enum Fault {
        /** 503 before the request is looked at: nothing recorded. */
        SERVER_ERROR,
        /** Held longer than the client's time-out (the hold given to {@link #failNext}), then 504: nothing recorded. */
        SLOW,
        /** Checked and recorded as accepted, then answered only after the hold: the client's time-out loses the answer. */
        ACCEPT_THEN_SLOW,
        /** Checked and recorded as accepted, answered 202 with a body cut short (not JSON). */
        MALFORMED_JSON,
        /** HTTP 200 whose body is an error, {@code {"code":503,...,"status":"error"}}: nothing recorded. */
        ERROR_CODE_IN_200,
        /**
         * 202 saying one transaction fewer was logged than sent ({@code "2 transactions were successfully logged"} for
         * 3): the last transaction of the batch is not recorded.
         */
        LOG_ONE_FEWER
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern AMOUNT = Pattern.compile("\\d+\\.\\d{2}");
    private static final Pattern DATE = Pattern.compile("\\d{8}");
    private static final List<String> REQUIRED = List.of("amount", "bank_country_currency_id", "bank_transaction_id",
            "creation_date", "document_id", "payment_method");
    private static final String WRONG_HASH = "{\"code\":400,\"message\":\"Authentication error: WRONG HASH\",\"status\":\"error\"}";
    private static final long DATE_TOLERANCE_MS = Duration.ofMinutes(5).toMillis();

    private final String providerKey;
    private final String scheme;
    private final boolean componentEncoding;
    private final boolean dateInSeconds;
    private volatile String providerSecret;
    private volatile Set<String> bankCountryCurrencyIds;
    private final Map<String, AtomicInteger> accepted = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger injected = new AtomicInteger();
    private final AtomicInteger held = new AtomicInteger();
    private volatile boolean failing;
    private final AtomicInteger failurePattern = new AtomicInteger();
    private volatile Duration timeoutHold = Duration.ZERO;
    private volatile CountDownLatch gate;
    private final java.util.Deque<Fault> faults = new java.util.ArrayDeque<>();
    private final Map<String, String> refusedTransactions = new ConcurrentHashMap<>();

    /**
     * @param scheme {@code provider} or {@code core}, as the runner's pago46.signature.scheme
     */
    public Pago46Simulator(int port, String providerKey, String providerSecret, String scheme, Set<String> bankCountryCurrencyIds) {
        this(port, providerKey, providerSecret, scheme, "form", "milliseconds", bankCountryCurrencyIds);
    }

    /**
     * @param scheme   {@code provider} or {@code core}, as the runner's pago46.signature.scheme
     * @param encoding {@code form} or {@code component}, as pago46.signature.encoding: how the provider scheme's values are encoded
     * @param dateUnit {@code milliseconds} or {@code seconds}, as pago46.signature.date-unit: a message-date in the other unit is refused
     */
    public Pago46Simulator(int port, String providerKey, String providerSecret, String scheme, String encoding, String dateUnit,
                           Set<String> bankCountryCurrencyIds) {
        super("pago46", port);
        this.providerKey = providerKey;
        this.providerSecret = providerSecret;
        this.scheme = scheme.trim().toLowerCase(Locale.ROOT);
        this.componentEncoding = encoding.trim().toLowerCase(Locale.ROOT).startsWith("component")
                || "encodeuricomponent".equalsIgnoreCase(encoding.trim());
        this.dateInSeconds = dateUnit.trim().toLowerCase(Locale.ROOT).startsWith("s");
        this.bankCountryCurrencyIds = Set.copyOf(bankCountryCurrencyIds);
        route("/bulkTransaction", this::bulkTransaction);
    }

    /**
     * From now on 30% of requests fail before they are looked at, in a fixed pattern so that every run
     * sees failures from the first request on: of every ten, the 1st and 8th are answered 503 and the
     * 4th is held for {@code hold} (longer than the client's time-out) and then answered 504. Nothing of
     * a failed request is recorded.
     */
    public Pago46Simulator injectFailures(Duration hold) {
        this.timeoutHold = hold;
        this.failing = true;
        return this;
    }

    /** The next {@code times} requests get this fault ({@code hold}: how long SLOW and ACCEPT_THEN_SLOW wait). */
    public void failNext(Fault fault, int times, Duration hold) {
        this.timeoutHold = hold;
        synchronized (faults) {
            for (int i = 0; i < times; i++) {
                faults.add(fault);
            }
        }
    }

    /**
     * From now on a batch holding this bank_transaction_id is answered 422 with a validator message that points at
     * it by index and id: {@code transactions[1] (bank_transaction_id X): <reason>}; nothing of that batch is recorded.
     */
    public void refuseTransaction(String bankTransactionId, String reason) {
        refusedTransactions.put(bankTransactionId, reason);
    }

    /** From now on signatures are checked with this secret (a partner-side rotation, or its undoing). */
    public void expectSecret(String secret) {
        this.providerSecret = secret;
    }

    /** From now on only these bank_country_currency_ids exist. */
    public void knownCurrencies(Set<String> ids) {
        this.bankCountryCurrencyIds = Set.copyOf(ids);
    }

    /** Requests arriving from now on wait, unanswered and not looked at, until {@link #dropHeld()}. */
    public void holdRequests() {
        gate = new CountDownLatch(1);
    }

    /** How many requests are waiting in {@link #holdRequests()}. */
    public int heldRequests() {
        return held.get();
    }

    /** Lets held requests go without logging anything, as if their connection had died; later requests pass. */
    public void dropHeld() {
        CountDownLatch g = gate;
        gate = null;
        if (g != null) {
            g.countDown();
        }
    }

    /** How many times each bank_transaction_id was in a request answered 202. */
    public Map<String, Integer> acceptedCounts() {
        Map<String, Integer> copy = new ConcurrentHashMap<>();
        accepted.forEach((id, n) -> copy.put(id, n.get()));
        return copy;
    }

    public int requests() {
        return requests.get();
    }

    public int injectedFailures() {
        return injected.get();
    }

    private void bulkTransaction(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        byte[] body = body(exchange);
        if (!"POST".equals(exchange.getRequestMethod())) {
            answer(exchange, 405, "{\"code\":405,\"message\":\"Method not allowed\",\"status\":\"error\"}");
            return;
        }
        CountDownLatch g = gate;
        if (g != null) {
            held.incrementAndGet();
            try {
                g.await(10, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            held.decrementAndGet();
            return; // dropped: closed without an answer
        }
        Fault fault;
        synchronized (faults) {
            fault = faults.poll();
        }
        if (fault != null) {
            injected.incrementAndGet();
        }
        if (fault == Fault.SERVER_ERROR) {
            answer(exchange, 503, "{\"code\":503,\"message\":\"Service Unavailable\",\"status\":\"error\"}");
            return;
        }
        if (fault == Fault.SLOW) {
            hold();
            answer(exchange, 504, "{\"code\":504,\"message\":\"Gateway Timeout\",\"status\":\"error\"}");
            return;
        }
        if (fault == Fault.ERROR_CODE_IN_200) {
            answer(exchange, 200, "{\"code\":503,\"message\":\"Service temporarily unavailable\",\"status\":\"error\"}");
            return;
        }
        if (failing) {
            int n = failurePattern.incrementAndGet() % 10;
            if (n == 1 || n == 8) {
                injected.incrementAndGet();
                answer(exchange, 503, "{\"code\":503,\"message\":\"Service Unavailable\",\"status\":\"error\"}");
                return;
            }
            if (n == 4) {
                injected.incrementAndGet();
                try {
                    new CountDownLatch(1).await(timeoutHold.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                answer(exchange, 504, "{\"code\":504,\"message\":\"Gateway Timeout\",\"status\":\"error\"}");
                return;
            }
        }
        if (!authentic(exchange, body)) {
            answer(exchange, 400, WRONG_HASH);
            return;
        }
        JsonNode transactions;
        try {
            transactions = JSON.readTree(body);
        } catch (IOException e) {
            answer(exchange, 422, validation("the body is not JSON"));
            return;
        }
        if (transactions == null || !transactions.isArray() || transactions.isEmpty()) {
            answer(exchange, 422, validation("the body must be a non-empty array of transactions"));
            return;
        }
        // PAGO46's validator names a faulty transaction by its index and bank_transaction_id (an assumption: see docs/partners.md, PAGO46)
        Set<String> ids = new java.util.LinkedHashSet<>();
        int index = 0;
        for (JsonNode t : transactions) {
            String at = "transactions[" + index++ + "] (bank_transaction_id " + t.path("bank_transaction_id").asText("?") + "): ";
            for (String field : REQUIRED) {
                if (!t.path(field).isTextual() || t.path(field).asText().isBlank()) {
                    answer(exchange, 422, validation(at + "Field " + field + " is required"));
                    return;
                }
            }
            String currency = t.path("bank_country_currency_id").asText();
            if (!bankCountryCurrencyIds.contains(currency)) {
                answer(exchange, 422, validation("Provided bank_country_currency_id " + currency + " does not exist"));
                return;
            }
            if (!AMOUNT.matcher(t.path("amount").asText()).matches()) {
                answer(exchange, 422, validation(at + "amount must be a string with 2 decimals"));
                return;
            }
            if (!DATE.matcher(t.path("creation_date").asText()).matches()) {
                answer(exchange, 422, validation(at + "creation_date must be %Y%m%d"));
                return;
            }
            String refused = refusedTransactions.get(t.path("bank_transaction_id").asText());
            if (refused != null) {
                answer(exchange, 422, validation(at + refused));
                return;
            }
            if (!ids.add(t.path("bank_transaction_id").asText())) {
                answer(exchange, 422, validation(at + "bank_transaction_id is repeated"));
                return;
            }
        }
        if (fault == Fault.LOG_ONE_FEWER && ids.size() > 1) {
            java.util.Iterator<String> it = ids.iterator();
            String last = null;
            while (it.hasNext()) {
                last = it.next();
            }
            ids.remove(last);
        }
        for (String id : ids) {
            accepted.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        }
        if (fault == Fault.ACCEPT_THEN_SLOW) {
            hold();
        }
        if (fault == Fault.MALFORMED_JSON) {
            answer(exchange, 202, "{\"status\":\"successful\",\"code\":202,\"message\":\"" + ids.size() + " transactions were succ");
            return;
        }
        answer(exchange, 202, "{\"status\":\"successful\",\"code\":202,\"message\":\"" + ids.size()
                + " transactions were successfully logged\"}");
    }

    private void hold() {
        try {
            new CountDownLatch(1).await(timeoutHold.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String validation(String message) {
        return "{\"code\":422,\"message\":[{\"Validator\":" + JSON.valueToTree(message) + "}],\"status\":\"Unprocessable Entity\"}";
    }

    private boolean authentic(HttpExchange exchange, byte[] body) {
        String key = exchange.getRequestHeaders().getFirst("provider-key");
        String date = exchange.getRequestHeaders().getFirst("message-date");
        String hash = exchange.getRequestHeaders().getFirst("message-hash");
        // seconds (10 digits) or milliseconds (13 digits), as configured: the other unit is refused, within ±5 minutes
        if (key == null || date == null || hash == null || !key.equals(providerKey) || !date.matches(dateInSeconds ? "\\d{10}" : "\\d{13}")
                || Math.abs(System.currentTimeMillis() - Long.parseLong(date) * (dateInSeconds ? 1000 : 1)) > DATE_TOLERANCE_MS) {
            return false;
        }
        String path = exchange.getRequestURI().getRawPath();
        String signed;
        try {
            signed = "core".equals(scheme)
                    ? key + ":" + date + ":POST:" + path + ":" + new String(body, StandardCharsets.UTF_8)
                    : String.join("&", key, date, "POST", encode(path)) + parameters(body);
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return MessageDigest.isEqual(hmac(signed).getBytes(StandardCharsets.US_ASCII), hash.getBytes(StandardCharsets.US_ASCII));
    }

    /** Every field of every transaction as transactions[i][field]=value, sorted by name, each after an '&'. */
    private String parameters(byte[] body) throws IOException {
        JsonNode array = JSON.readTree(body);
        List<String[]> pairs = new ArrayList<>();
        int i = 0;
        for (JsonNode t : array) {
            for (Iterator<String> names = t.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                pairs.add(new String[] {"transactions[" + i + "][" + name + "]", t.get(name).asText()});
            }
            i++;
        }
        Collections.sort(pairs, (a, b) -> a[0].compareTo(b[0]));
        StringBuilder out = new StringBuilder();
        for (String[] p : pairs) {
            out.append("&").append(p[0]).append("=").append(encode(p[1]));
        }
        return out.toString();
    }

    /**
     * form: quote_plus, i.e. URLEncoder except that '*' is encoded and '~' is not. component: encodeURIComponent,
     * i.e. URLEncoder with a space as %20 and !'()~ back as they are ('*' URLEncoder already keeps).
     */
    private String encode(String value) {
        String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8);
        if (!componentEncoding) {
            return encoded.replace("*", "%2A").replace("%7E", "~");
        }
        return encoded.replace("+", "%20").replace("%21", "!").replace("%27", "'").replace("%28", "(").replace("%29", ")")
                .replace("%7E", "~");
    }

    private String hmac(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(providerSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            StringBuilder hex = new StringBuilder();
            for (byte b : mac.doFinal(text.getBytes(StandardCharsets.UTF_8))) {
                hex.append(String.format("%02x", b));
            }
            return hex.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
