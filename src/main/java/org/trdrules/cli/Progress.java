package org.trdrules.cli;

import java.io.PrintWriter;
import java.time.temporal.ChronoUnit;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of a batch on stderr, one line redrawn in place with {@code \r}: patients done / total, patients per
 * second, elapsed and remaining time (me.tongfei:progressbar). Counts only, never patient data. The line is erased
 * when the batch ends, so only the report and the summary stay on the screen. Not for concurrent use.
 */
final class Progress implements AutoCloseable {

    /** Shows nothing. */
    static final Progress NONE = new Progress(() -> {}, () -> {});

    /** The widest line drawn: fits the classic 80-column terminal. */
    static final int WIDTH = 79;

    private final Runnable step;
    private final Runnable close;

    private Progress(Runnable step, Runnable close) {
        this.step = step;
        this.close = close;
    }

    /** Progress over {@code total} patients on {@code err}, or {@link #NONE} without the progress-bar library. */
    static Progress start(PrintWriter err, long total) {
        try {
            return Bar.start(err, total);
        } catch (LinkageError e) {
            return NONE; // the plain library jar on a class path without me.tongfei:progressbar: no progress
        }
    }

    /** One more patient done. */
    void step() {
        step.run();
    }

    /** Draws the final count, then erases the line. */
    @Override
    public void close() {
        close.run();
    }

    /** Holds the library types, so that a missing library is a LinkageError in {@link #start} only. */
    private static final class Bar {
        static Progress start(PrintWriter err, long total) {
            ProgressBar bar = ProgressBar.builder()
                    .setTaskName("assess")
                    .setInitialMax(total)
                    .setUnit(" patients", 1)
                    .showSpeed()
                    .setSpeedUnit(ChronoUnit.SECONDS)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(250)
                    .setMaxRenderedLength(WIDTH)
                    .setConsumer(new Line(err))
                    .clearDisplayOnFinish()
                    .build();
            return new Progress(bar::step, bar::close);
        }
    }

    /** Writes each rendering over the previous one on the same line. */
    private static final class Line implements ProgressBarConsumer {
        private final PrintWriter err;

        Line(PrintWriter err) {
            this.err = err;
        }

        @Override
        public int getMaxRenderedLength() {
            return WIDTH;
        }

        @Override
        public void accept(String rendered) {
            err.print('\r');
            err.print(rendered);
            err.flush();
        }

        @Override
        public void clear() {
            err.print("\r" + " ".repeat(WIDTH) + "\r");
            err.flush();
        }

        @Override
        public void close() {
            err.flush();
        }
    }
}
