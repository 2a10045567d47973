def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(itSupport))
support.pushAndExpect(basedir, support.openRegistry(registryPort), 'it/cli-no-project', '2.0', 201)
return true
