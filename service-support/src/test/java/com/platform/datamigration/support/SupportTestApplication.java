package com.platform.datamigration.support;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A minimal service built on the support module, for its integration tests. */
@SpringBootApplication
@EnableServiceSupport
public class SupportTestApplication {
}
