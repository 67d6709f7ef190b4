package io.paymenthub.bancamiga;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.StampedLock;

import io.paymenthub.partner.PartnerError;
import org.apache.camel.Exchange;

/**
 * No call to Bancamiga carries a token a refresh has already replaced. Bancamiga invalidates the old access
 * token the moment it issues a new pair, so a call that read the token while a refresh was in flight went out
 * with a dead token (a find at the same second as a refresh got 503; a history call, allowed once in 10
 * minutes, would be spent). Every call reads the token at send time under a read lock held until its answer is
 * back; a refresh holds the write lock from reading the pair until the new pair is stored. Calls never wait on
 * each other, only on a refresh (routes/bancamiga-reconcile.camel.yaml: {@code bancamiga-call},
 * {@code bancamiga-refresh-token}).
 *
 * <p>The lock is per runner process. With several instances on one database a refresh on one instance and a
 * call on another can still cross; see docs/partners.md (Bancamiga, What we call).
 */
public final class BancamigaTokenGate {

    /** Exchange property: the read stamp of a call, or the write stamp of a refresh. */
    static final String STAMP = "bancamigaTokenStamp";
    /** Exchange property: true while this exchange is a refresh holding the write lock. */
    static final String REFRESHING = "bancamigaRefreshing";

    private final StampedLock lock = new StampedLock();
    private final BancamigaTokens tokens;
    private final Duration maxWait;

    /** {@code maxWait}: how long a call waits for a refresh in flight (a refresh ends within its own time-outs). */
    public BancamigaTokenGate(BancamigaTokens tokens, Duration maxWait) {
        this.tokens = tokens;
        this.maxWait = maxWait;
    }

    /** A refresh starts: no call may start (or still be in flight) until {@link #endRefresh}. */
    public void beginRefresh(Exchange exchange) throws InterruptedException {
        long stamp = lock.tryWriteLock(maxWait.toMillis(), TimeUnit.MILLISECONDS);
        if (stamp == 0) {
            throw BancamigaCode.error(PartnerError.Kind.UNAVAILABLE, 0, "Bancamiga token refresh waited "
                    + maxWait.toSeconds() + " s for calls in flight; it is retried at the next check");
        }
        exchange.setProperty(STAMP, stamp);
        exchange.setProperty(REFRESHING, true);
    }

    /** The refresh is over (the new pair stored, or the refresh failed): calls go on, with whatever pair is stored. */
    public void endRefresh(Exchange exchange) {
        Long stamp = exchange.getProperty(STAMP, Long.class);
        exchange.removeProperty(STAMP);
        exchange.removeProperty(REFRESHING);
        if (stamp != null) {
            lock.unlockWrite(stamp);
        }
    }

    /**
     * A call is about to be sent: waits for a refresh in flight, then sets {@code Authorization} from the pair
     * stored now. The refresh call itself (which holds the write lock) just reads the token.
     */
    public void enterCall(Exchange exchange) throws InterruptedException {
        if (!Boolean.TRUE.equals(exchange.getProperty(REFRESHING, Boolean.class))) {
            long stamp = lock.tryReadLock(maxWait.toMillis(), TimeUnit.MILLISECONDS);
            if (stamp == 0) {
                throw BancamigaCode.error(PartnerError.Kind.UNAVAILABLE, 0, "Bancamiga token refresh in progress for over "
                        + maxWait.toSeconds() + " s: the call was not sent");
            }
            exchange.setProperty(STAMP, stamp);
        }
        exchange.getMessage().setHeader("Authorization", "Bearer " + tokens.accessToken());
    }

    /** The call's answer is back (or it failed): a refresh may now replace the token it carried. */
    public void leaveCall(Exchange exchange) {
        if (Boolean.TRUE.equals(exchange.getProperty(REFRESHING, Boolean.class))) {
            return;
        }
        Long stamp = exchange.getProperty(STAMP, Long.class);
        exchange.removeProperty(STAMP);
        if (stamp != null) {
            lock.unlockRead(stamp);
        }
    }
}
