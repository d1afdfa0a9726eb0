package com.platform.datamigration.support.web;

/**
 * How many of a service's main resources the caller's organization has; the gateway's stepper asks each
 * service for it ({@link OrganizationSummaryRoute}).
 *
 * @param total count of the resources owned by the caller's organization
 */
public record OrganizationSummary(long total) {
}
