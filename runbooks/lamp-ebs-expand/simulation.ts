/** What `lamp-ebs-expand`'s scripts do on a simulated host: the data-volume effects shared with lamp-swarm-node. */
import { defineSimulation, simulate } from '../../src/authoring/simulation.js';
import { ebsSimulation, filesystemFillsDevice, growFilesystem } from '../shared/ebs-simulation.js';
import { scripts } from './scripts.js';

export default defineSimulation(ebsSimulation, simulate(scripts.filesystemFillsDevice, filesystemFillsDevice), simulate(scripts.growFilesystem, growFilesystem));
