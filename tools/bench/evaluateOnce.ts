/**
 * One evaluation of the program under the test mocks, nothing else: the second half of the test
 * suite's floor (the first is one type check). Run by tools/bench/testSpeed.js.
 */
import * as pulumi from "@pulumi/pulumi";
import * as rpc from "@pulumi/pulumi/runtime/rpc";
import { runUnderMocks } from "../../test/support/harness";
import { STACKS } from "../../test/support/stacks";

// eslint-disable-next-line @typescript-eslint/no-require-imports
runUnderMocks(pulumi, rpc, () => require("../../index"), STACKS.prod.config, STACKS.prod.stack).then(
  (run) => {
    if (run.error) throw run.error;
    console.log(`evaluated: ${run.resources.length} resources`);
  },
);
