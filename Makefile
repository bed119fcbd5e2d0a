# `sam build` runs `make build-<LogicalId>` here for every function of template.yaml (Metadata: BuildMethod:
# makefile), with ARTIFACTS_DIR naming the directory SAM zips as that function's code. Every function runs the same
# shaded jar, so Maven packages it once and each target copies it; Lambda's Java runtime puts lib/*.jar on the
# classpath.
#
#   sam build                                    what AWS users type (samconfig.toml builds in source)
#   ARCHITECTURE=arm64 sam build                 for Architecture=arm64 (make reads it from the environment)
#   make build-SearchMemoriesFunction ARTIFACTS_DIR=/tmp/search   the same step without SAM
#   make package                                 only the jar (functions/target/memory-functions-aws.jar)

MVN ?= mvn
MAVEN_FLAGS ?= -B -ntp -q
# x86_64 or arm64, as template.yaml's Architecture parameter: the jar keeps only that platform's native libraries.
ARCHITECTURE ?= x86_64
JAR := functions/target/memory-functions-aws.jar
# What the jar is made of: a change to any of these rebuilds it, anything else reuses it.
SOURCES := pom.xml shared/pom.xml functions/pom.xml $(shell find shared/src/main functions/src/main -type f 2>/dev/null)

# The JDK's jar tool reads the jar's contents (SAM's build needs a JDK anyway).
JAR_TOOL ?= $(if $(JAVA_HOME),$(JAVA_HOME)/bin/jar,jar)
# A jar built for the other architecture is rebuilt: its ONNX Runtime natives say which one it was built for.
ONNXRUNTIME_NATIVES_x86_64 := linux-x64
ONNXRUNTIME_NATIVES_arm64 := linux-aarch64
ifeq ($(ONNXRUNTIME_NATIVES_$(ARCHITECTURE)),)
$(error ARCHITECTURE must be x86_64 or arm64, got '$(ARCHITECTURE)')
endif
ifneq ($(wildcard $(JAR)),)
ifeq ($(shell $(JAR_TOOL) tf $(JAR) | grep -c '^ai/onnxruntime/native/$(ONNXRUNTIME_NATIVES_$(ARCHITECTURE))/libonnxruntime.so'),0)
.PHONY: $(JAR)
endif
endif

.PHONY: package
package: $(JAR)

$(JAR): $(SOURCES)
	$(MVN) $(MAVEN_FLAGS) -DskipTests -Dlambda.architecture=$(ARCHITECTURE) -pl functions -am package
	@touch $@

# One target per function, whatever its logical id: build-AddMemoriesFunction, build-SearchMemoriesFunction, ...
build-%: $(JAR)
	@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set: sam build sets it (or pass ARTIFACTS_DIR=dir)" >&2; exit 2; }
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp $(JAR) "$(ARTIFACTS_DIR)/lib/"
