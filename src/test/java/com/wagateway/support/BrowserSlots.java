package com.wagateway.support;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.parallel.ResourceLocksProvider;

/**
 * At most two Chromium test classes at a time, whatever the parallelism: on two cores more browsers
 * side by side only slow each other's page loads. Each class takes one of two slots, by its name.
 */
public final class BrowserSlots implements ResourceLocksProvider {
  static final int SLOTS = 2;

  @Override
  public Set<Lock> provideForClass(Class<?> testClass) {
    return Set.of(slot(testClass));
  }

  @Override
  public Set<Lock> provideForMethod(
      List<Class<?>> enclosingInstanceTypes, Class<?> testClass, Method testMethod) {
    // A class that is a browser test as a whole holds its slot already.
    if (testClass.isAnnotationPresent(BrowserTest.class)) return Set.of();
    return Set.of(slot(testClass));
  }

  private static Lock slot(Class<?> testClass) {
    return new Lock("chromium-" + Math.floorMod(testClass.getName().hashCode(), SLOTS));
  }
}
