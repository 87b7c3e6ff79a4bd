import { apiContract } from './api.contract';
import { httpHarness } from './harness';

apiContract('HTTP on loopback', httpHarness);
