package com.wagateway.support;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

/**
 * Starts the long test classes first, so that the classes running side by side end together: those
 * that start service processes and those that drive Chromium, taken in turn so that the two
 * heaviest kinds do not all start at once, then the rest. Named in the surefire configuration
 * (pom.xml).
 */
public final class SlowestFirst implements ClassOrderer {

  @Override
  public void orderClasses(ClassOrdererContext context) {
    List<ClassDescriptor> processes = new ArrayList<>();
    List<ClassDescriptor> browsers = new ArrayList<>();
    List<ClassDescriptor> rest = new ArrayList<>();
    List<? extends ClassDescriptor> all = new ArrayList<>(context.getClassDescriptors());
    all.sort(Comparator.comparing(d -> d.getTestClass().getName()));
    for (ClassDescriptor d : all) {
      if (uses(d.getTestClass(), ProcessTest.class)) processes.add(d);
      else if (uses(d.getTestClass(), BrowserTest.class)) browsers.add(d);
      else rest.add(d);
    }
    List<ClassDescriptor> ordered = new ArrayList<>();
    for (int i = 0; i < Math.max(processes.size(), browsers.size()); i++) {
      if (i < processes.size()) ordered.add(processes.get(i));
      if (i < browsers.size()) ordered.add(browsers.get(i));
    }
    ordered.addAll(rest);
    @SuppressWarnings("unchecked")
    List<ClassDescriptor> target = (List<ClassDescriptor>) context.getClassDescriptors();
    target.clear();
    target.addAll(ordered);
  }

  private static boolean uses(
      Class<?> testClass, Class<? extends java.lang.annotation.Annotation> tag) {
    if (testClass.isAnnotationPresent(tag)) return true;
    for (Method m : testClass.getDeclaredMethods()) if (m.isAnnotationPresent(tag)) return true;
    return false;
  }
}
