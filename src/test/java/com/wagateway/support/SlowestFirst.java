package com.wagateway.support;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

/**
 * Starts the long test classes first, so that the classes running side by side end together. Named
 * in the surefire configuration (pom.xml).
 *
 * <p>JUnit's pool takes classes from the front of this order for its idle threads, while the thread
 * that started the run works from the back: the front holds the Chromium classes, longest first,
 * each followed by a class that starts service processes or another class that needs no browser (so
 * that the threads waiting for one of the two {@link BrowserSlots} are few); the back holds the
 * quick classes. How long a class takes is known only by running it: the longest ones, as measured
 * on the 2-core build machine, are named below with their seconds; a class not named counts as a
 * typical one of its kind. A wrong figure costs only balance at the end of the run, never a result.
 */
public final class SlowestFirst implements ClassOrderer {
  /** Seconds, measured (mvn -B verify, four classes side by side); the rest take less. */
  private static final Map<String, Integer> MEASURED =
      Map.ofEntries(
          Map.entry("com.wagateway.session.SessionTakeoverTest", 80),
          Map.entry("com.wagateway.whatsapp.ReceiptsThroughWhatsAppTest", 39),
          Map.entry("com.wagateway.db.OrphanDatabaseTest", 34),
          Map.entry("com.wagateway.whatsapp.ChatOpeningWaysTest", 33),
          Map.entry("com.wagateway.whatsapp.SessionStateTest", 30),
          Map.entry("com.wagateway.whatsapp.ChatSwitchingTest", 29),
          Map.entry("com.wagateway.console.ConsoleBrowserTest", 28),
          Map.entry("com.wagateway.whatsapp.FilesThroughWhatsAppTest", 26),
          Map.entry("com.wagateway.whatsapp.BrowserHangTest", 26),
          Map.entry("com.wagateway.session.SessionRoutingTest", 24),
          Map.entry("com.wagateway.webhook.WebhookDispatcherTest", 19),
          Map.entry("com.wagateway.whatsapp.PairingCodeTest", 18),
          Map.entry("com.wagateway.fault.KilledInstanceTest", 18),
          Map.entry("com.wagateway.fault.GracefulStopTest", 18),
          Map.entry("com.wagateway.cli.CliDatabaseChoiceTest", 18),
          Map.entry("com.wagateway.fault.SameInstanceIdTest", 17),
          Map.entry("com.wagateway.console.ConsolePairingTest", 15),
          Map.entry("com.wagateway.PackageDependencyTest", 13),
          Map.entry("com.wagateway.console.ConsoleHttpTest", 13));

  private static final int TYPICAL_PROCESS = 12;
  private static final int TYPICAL_BROWSER = 10;
  private static final int TYPICAL = 2;

  @Override
  public void orderClasses(ClassOrdererContext context) {
    List<ClassDescriptor> browsers = new ArrayList<>();
    List<ClassDescriptor> others = new ArrayList<>();
    for (ClassDescriptor d : context.getClassDescriptors()) {
      if (uses(d.getTestClass(), BrowserTest.class)) browsers.add(d);
      else others.add(d);
    }
    Comparator<ClassDescriptor> longestFirst =
        Comparator.comparingInt((ClassDescriptor d) -> -seconds(d.getTestClass()))
            .thenComparing(d -> d.getTestClass().getName());
    browsers.sort(longestFirst);
    others.sort(longestFirst);
    List<ClassDescriptor> ordered = new ArrayList<>();
    for (int i = 0; i < Math.max(browsers.size(), others.size()); i++) {
      if (i < browsers.size()) ordered.add(browsers.get(i));
      if (i < others.size()) ordered.add(others.get(i));
    }
    @SuppressWarnings("unchecked")
    List<ClassDescriptor> target = (List<ClassDescriptor>) context.getClassDescriptors();
    target.clear();
    target.addAll(ordered);
  }

  private static int seconds(Class<?> testClass) {
    Integer measured = MEASURED.get(testClass.getName());
    if (measured != null) return measured;
    if (uses(testClass, ProcessTest.class)) return TYPICAL_PROCESS;
    if (uses(testClass, BrowserTest.class)) return TYPICAL_BROWSER;
    return TYPICAL;
  }

  private static boolean uses(
      Class<?> testClass, Class<? extends java.lang.annotation.Annotation> tag) {
    if (testClass.isAnnotationPresent(tag)) return true;
    for (Method m : testClass.getDeclaredMethods()) if (m.isAnnotationPresent(tag)) return true;
    return false;
  }
}
