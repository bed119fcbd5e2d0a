#!/usr/bin/env bash
# The extraction benchmark: scores the extraction set (shared/src/test/resources/evaluation/extraction-set.json)
# through the local extractor and, given a recording of Bedrock's answers, through the Bedrock extractor replaying
# it against a local Bedrock-compatible server. Needs no database.
#   bench/extraction.sh                                        # local (and the prompt's size for Bedrock)
#   bench/extraction.sh --bedrock-recording bedrock.jsonl      # local vs recorded Bedrock
#   bench/extraction.sh --record-bedrock bedrock.jsonl --model anthropic.claude-3-haiku-20240307-v1:0 --region us-east-1
#                                                              # records Bedrock's answers (an AWS account with model access)
# Results: the table on stdout, bench/results/extraction.json.
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/common.sh"
find_jdk
require_maven
cd "$PROJECT_ROOT"
mvn_batch -q -pl bench -am install -DskipTests
mvn_batch -q -pl bench exec:exec -Dexec.executable="$JAVA_HOME/bin/java" -Dexec.workingdir="$PROJECT_ROOT" \
  -Dexec.args="-classpath %classpath io.agentmemory.bench.extraction.ExtractionBench $*"
