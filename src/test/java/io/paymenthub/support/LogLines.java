package io.paymenthub.support;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/**
 * The log lines written while it is open (an appender on the root logger), to count how many lines an
 * incident produced: one per incident is the rule, not one per request or attempt.
 */
public final class LogLines extends AbstractAppender implements AutoCloseable {

    /** One line as written: level, logger's simple name, formatted message. */
    public record Line(Level level, String logger, String message) {
        @Override
        public String toString() {
            return level + " " + logger + " - " + message;
        }
    }

    private final List<Line> lines = new CopyOnWriteArrayList<>();

    private LogLines() {
        super("log-lines-" + UUID.randomUUID(), null, null, true, Property.EMPTY_ARRAY);
    }

    /** Starts recording every line logged from now on, by any thread. */
    public static LogLines capture() {
        LogLines appender = new LogLines();
        appender.start();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().addAppender(appender, Level.ALL, null);
        context.updateLoggers();
        return appender;
    }

    @Override
    public void append(LogEvent event) {
        String logger = event.getLoggerName();
        lines.add(new Line(event.getLevel(), logger.substring(logger.lastIndexOf('.') + 1),
                event.getMessage().getFormattedMessage()));
    }

    /** WARN and ERROR lines whose logger or message contains the text. */
    public List<Line> warnings(String containing) {
        return lines.stream().filter(l -> l.level().isMoreSpecificThan(Level.WARN))
                .filter(l -> l.logger().contains(containing) || l.message().contains(containing)).toList();
    }

    /** Every line so far. */
    public List<Line> lines() {
        return List.copyOf(lines);
    }

    /** Lines of any level whose message contains the text. */
    public List<Line> containing(String text) {
        return lines.stream().filter(l -> l.message().contains(text)).toList();
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().removeAppender(getName());
        context.updateLoggers();
        stop();
    }
}
