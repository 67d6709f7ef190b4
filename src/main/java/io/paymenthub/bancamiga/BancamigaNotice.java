package io.paymenthub.bancamiga;

import io.paymenthub.events.Payment;
import io.paymenthub.store.ReviewQueue;

/**
 * A Bancamiga webhook read by {@link BancamigaWebhookParser}: either a clean payment to store and publish, or a
 * report held for review (acknowledged, not published) with the reasons.
 */
public final class BancamigaNotice {

    private final Payment payment;
    private final ReviewQueue.Item review;

    private BancamigaNotice(Payment payment, ReviewQueue.Item review) {
        this.payment = payment;
        this.review = review;
    }

    static BancamigaNotice publishing(Payment payment) {
        return new BancamigaNotice(payment, null);
    }

    static BancamigaNotice holding(ReviewQueue.Item review) {
        return new BancamigaNotice(null, review);
    }

    /** True when the report is held for review rather than stored as a payment. */
    public boolean isHeld() {
        return review != null;
    }

    /** The normalized payment, or null when held. */
    public Payment getPayment() {
        return payment;
    }

    /** The review item to hold, or null when clean. */
    public ReviewQueue.Item getReview() {
        return review;
    }
}
