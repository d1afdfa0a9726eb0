package com.platform.datamigration.connection.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.platform.datamigration.contracts.OrganizationId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TestRateLimiterTest {

    private static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void eachOrganizationHasItsOwnSlidingMinuteBudget() {
        MutableClock clock = new MutableClock();
        TestRateLimiter limiter = new TestRateLimiter(3, clock);
        OrganizationId a = OrganizationId.of("a");
        OrganizationId b = OrganizationId.of("b");
        assertThat(limiter.tryAcquire(a)).isTrue();
        assertThat(limiter.tryAcquire(a)).isTrue();
        assertThat(limiter.tryAcquire(a)).isTrue();
        assertThat(limiter.tryAcquire(a)).isFalse();
        assertThat(limiter.tryAcquire(b)).isTrue();
        clock.now = clock.now.plus(Duration.ofSeconds(61));
        assertThat(limiter.tryAcquire(a)).isTrue();
    }
}
