import { storeConformanceSuite } from '@cassettekit/store-test-suite';
import { folderHarness } from './harness.js';

storeConformanceSuite('yaml', () => folderHarness('yaml'), { keyOrder: 'sorted' });
storeConformanceSuite('json', () => folderHarness('json'));
