def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(itSupport))
support.pushAndExpect(basedir, support.openRegistry(registryPort), 'it/quiet-success', '1.0', 1901)
return true
