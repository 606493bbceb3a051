// Validates CloudFormation templates with cfn-lint (npm, 1.9.7) against its resource specification.
// That specification is version 2.29.0 (2019); a few properties the templates use came later.
// They are added here, each as CloudFormation's current resource reference documents it, and
// nothing else is relaxed: an unknown property or a wrong type still fails.
// Usage: node deploy/msf/lint.js TEMPLATE...
'use strict';
const awsData = require('cfn-lint/lib/awsData');
const validator = require('cfn-lint/lib/validator');

const spec = awsData.awsResources;
const doc = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/';

// AWS::Kinesis::Stream: on-demand streams (2021) have StreamModeDetails and no ShardCount.
spec.ResourceTypes['AWS::Kinesis::Stream'].Properties.ShardCount.Required = false;
spec.ResourceTypes['AWS::Kinesis::Stream'].Properties.StreamModeDetails = {
  Documentation: doc + 'aws-resource-kinesis-stream.html',
  Required: false,
  Type: 'StreamModeDetails',
  UpdateType: 'Mutable',
};
spec.PropertyTypes['AWS::Kinesis::Stream.StreamModeDetails'] = {
  Documentation: doc + 'aws-properties-kinesis-stream-streammodedetails.html',
  Properties: {
    StreamMode: {
      Documentation: doc + 'aws-properties-kinesis-stream-streammodedetails.html',
      PrimitiveType: 'String',
      Required: true,
      UpdateType: 'Mutable',
    },
  },
};

let failed = false;
for (const file of process.argv.slice(2)) {
  validator.resetValidator();
  const result = validator.validateFile(file);
  const report = (level) => (result.errors[level] || []).forEach((e) =>
    console.log(`${file}: ${level}: ${e.resource}: ${e.message}`));
  ['crit', 'warn'].forEach(report);
  if (!result.templateValid || (result.errors.warn || []).length > 0) {
    failed = true;
  } else {
    console.log(`${file}: valid`);
  }
}
process.exit(failed ? 1 : 0);
