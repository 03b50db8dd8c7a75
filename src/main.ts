import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { settings } from './state/settings.svelte';

settings.applyTheme();
const target = document.getElementById('app');
if (!target) throw new Error('#app is missing from index.html');
mount(App, { target });
