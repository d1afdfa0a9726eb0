package com.platform.datamigration.support;

import com.platform.datamigration.support.events.EventsConfiguration;
import com.platform.datamigration.support.outbox.OutboxConfiguration;
import com.platform.datamigration.support.problem.ProblemHandling;
import com.platform.datamigration.support.security.OrganizationWebConfiguration;
import com.platform.datamigration.support.security.TokenSecurityConfiguration;
import com.platform.datamigration.support.web.InputHygiene;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.PropertySource;

/**
 * Makes an application one of the four services: token validation and the permission check, the caller's
 * organization as a handler parameter, Problem Details, the transactional outbox and its relay, idempotent
 * consumers with dead-letter topics, topics created at startup, and the shared defaults of
 * {@code service-defaults.properties} (which the application's own configuration overrides).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import({TokenSecurityConfiguration.class, OrganizationWebConfiguration.class, ProblemHandling.class, InputHygiene.class,
        OutboxConfiguration.class, EventsConfiguration.class})
@PropertySource("classpath:service-defaults.properties")
public @interface EnableServiceSupport {
}
