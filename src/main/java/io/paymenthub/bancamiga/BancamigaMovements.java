package io.paymenthub.bancamiga;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import io.paymenthub.events.Payment;
import io.paymenthub.store.PaymentStore;
import io.paymenthub.store.RejectedMessages;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The items of Bancamiga's find and history answers, stored as received payments: each Refpk yields one
 * {@code payment.received}, whichever of webhook, find or history saw it first. An item we cannot read
 * is kept in rejected_message with the reason, never silently dropped.
 */
public final class BancamigaMovements {

    private static final Logger LOG = LoggerFactory.getLogger(BancamigaMovements.class);
    /** Items stored per transaction (the store's): a repeat across chunks is recognised by the store, within one by the chunk. */
    static final int CHUNK = PaymentStore.CHUNK;

    private final BancamigaCredits credits;
    private final RejectedMessages rejected;
    private final BankDirectory banks;

    public BancamigaMovements(BancamigaCredits credits, RejectedMessages rejected, BankDirectory banks) {
        this.credits = credits;
        this.rejected = rejected;
        this.banks = banks;
    }

    /**
     * Stores the items of a checked find or history answer (the exchange's body), read one at a time from
     * the answer's stream and stored {@value #CHUNK} to a transaction: memory does not grow with the
     * answer's length. Returns how many payments were new.
     */
    public int storeAnswer(Exchange answer, String via) throws IOException, SQLException {
        try (BancamigaApi.Items items = BancamigaApi.items(answer)) {
            return store(items, via);
        } finally {
            BancamigaApi.discard(answer);
        }
    }

    /**
     * Stores the items seen via {@code find} or {@code history}, {@value #CHUNK} to a transaction, in order; returns how
     * many payments were new. Two stages: this thread reads and converts the next chunk (and writes its events) while
     * the previous one is stored on a thread of its own ({@link ChunkWriter}); at most one chunk is being stored
     * and one read, so memory stays bounded. A chunk that fails to store stops the answer with its error, as before.
     */
    public int store(Iterable<JsonNode> items, String via) throws SQLException {
        List<Payment> chunk = new ArrayList<>(CHUNK);
        int seen = 0;
        int unreadable = 0;
        int stored;
        try (ChunkWriter writer = new ChunkWriter(via)) {
            for (JsonNode item : items) {
                seen++;
                if (item.hasNonNull("deleted_at")) {
                    continue; // the bank withdrew this movement
                }
                try {
                    chunk.add(toPayment(item, via));
                } catch (IllegalArgumentException e) {
                    unreadable++;
                    rejected.keep("bancamiga-" + via, 422, e.getMessage(), "application/json",
                            item.toString().getBytes(StandardCharsets.UTF_8));
                }
                if (chunk.size() == CHUNK) {
                    writer.write(credits.prepare(chunk));
                    chunk = new ArrayList<>(CHUNK);
                }
            }
            writer.write(credits.prepare(chunk));
            stored = writer.stored();
        }
        if (unreadable > 0) {
            LOG.warn("Bancamiga {}: {} of {} items could not be read; kept in rejected_message", via, unreadable, seen);
        }
        if (stored > 0) {
            LOG.info("Bancamiga {}: {} new payments of {} items", via, stored, seen);
        }
        return stored;
    }

    /**
     * Stores prepared chunks one after the other, in order, on a thread of its own: {@link #write} waits until the
     * previous chunk is stored (and throws its error) before handing over the next. Closing waits for the chunk in
     * flight, so nothing is still being written once the answer is done with.
     */
    private final class ChunkWriter implements AutoCloseable {

        private final String via;
        private final ExecutorService thread;
        private Future<Integer> inFlight;
        private int stored;

        ChunkWriter(String via) {
            this.via = via;
            this.thread = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "bancamiga-" + via + "-store");
                t.setDaemon(true);
                return t;
            });
        }

        void write(BancamigaCredits.Chunk chunk) throws SQLException {
            awaitInFlight();
            inFlight = thread.submit(() -> credits.record(chunk, via));
        }

        /** How many payments were new, once every chunk written is stored. */
        int stored() throws SQLException {
            awaitInFlight();
            return stored;
        }

        private void awaitInFlight() throws SQLException {
            if (inFlight == null) {
                return;
            }
            Future<Integer> chunk = inFlight;
            inFlight = null;
            try {
                stored += chunk.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while a chunk of the " + via + " answer was being stored", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof SQLException sql) {
                    throw sql;
                }
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw new SQLException(e.getCause());
            }
        }

        @Override
        public void close() {
            try {
                awaitInFlight();
            } catch (SQLException | RuntimeException e) {
                // the answer already failed (this is its cleanup): the first error is the one thrown
            } finally {
                thread.shutdown();
            }
        }
    }

    /** An item as a payment, with the webhook's normalizations (BancamigaFields); an unreadable one is an IllegalArgumentException. */
    Payment toPayment(JsonNode item, String via) {
        String refpk = required(item, "Refpk");
        require(BancamigaFields.REFPK.matcher(refpk).matches(), "Refpk is not 1 to 64 letters or digits");
        required(item, "Amount");
        BigDecimal amount = BancamigaFields.amount(item.get("Amount"));
        require(amount != null, "Amount is not a number greater than zero with at most 2 decimals");
        String bank = BancamigaFields.bank(item.get("BancoOrig"));
        require(bank != null, "BancoOrig is not a 4-digit code");
        String phoneOrig = BancamigaFields.phone(item.get("PhoneOrig"));
        require(phoneOrig != null, "PhoneOrig is not a Venezuelan phone number");
        JsonNode dest = item.get("PhoneDest");
        String phoneDest = dest == null || dest.isNull() ? null
                : java.util.Objects.requireNonNullElse(BancamigaFields.phone(dest), dest.asText());
        LocalDate date = BancamigaFields.date(item.get("FechaMovimiento"));
        LocalTime time = BancamigaFields.time(item.get("HoraMovimiento"));
        require(date != null && time != null, "FechaMovimiento/HoraMovimiento is not a date and time");
        OffsetDateTime occurredAt = OffsetDateTime.of(date, time, BancamigaWebhookParser.VENEZUELA);
        return new Payment("bancamiga", refpk, "PAGO_MOVIL", "RECEIVED", amount, "VES",
                item.path("NroReferencia").asText(null),
                new Payment.Party(phoneOrig, bank, banks.name(bank).orElse(null)),
                new Payment.Party(phoneDest, null, null),
                occurredAt, via, "/bancamiga/" + via, item, item.hasNonNull("Status") ? item.get("Status").asText() : null);
    }

    private static String required(JsonNode item, String field) {
        JsonNode value = item.get(field);
        if (value == null || value.isNull() || value.asText().isBlank()) {
            throw new IllegalArgumentException(field + " is missing");
        }
        return value.asText();
    }

    private static void require(boolean condition, String reason) {
        if (!condition) {
            throw new IllegalArgumentException(reason);
        }
    }
}
