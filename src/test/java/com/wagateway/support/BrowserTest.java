package com.wagateway.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Drives a real Chromium: slow, and needs Chromium and ChromeDriver; left out by {@code -Pfast}. At
 * most two such classes run at a time ({@link BrowserSlots}).
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag("browser")
@ExtendWith(BrowserSlots.class)
public @interface BrowserTest {}
